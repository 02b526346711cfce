#!/usr/bin/env bash
# Offline proof of the Terraform in this folder: fmt, init (with the machine's provider mirror when there is one),
# validate and the mocked `terraform test` suite. No AWS credentials or network needed where a mirror exists.
#
# Called by `./mvnw verify` and CI. Without terraform it warns loudly and exits 0, unless GUESTPASS_REQUIRE_TERRAFORM=1
# or CI=true, where it fails: CI must run these checks.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v terraform >/dev/null 2>&1; then
  {
    echo "######################################################################"
    echo "## WARNING: terraform is not installed; infra/ checks were SKIPPED. ##"
    echo "## Install Terraform >= 1.11 to run fmt, validate and tests.        ##"
    echo "######################################################################"
  } >&2
  if [[ "${GUESTPASS_REQUIRE_TERRAFORM:-0}" == "1" || "${CI:-false}" == "true" ]]; then
    echo "terraform is required here (GUESTPASS_REQUIRE_TERRAFORM=1 or CI=true)." >&2
    exit 1
  fi
  exit 0
fi

# A filesystem mirror is a directory holding registry.terraform.io/hashicorp/aws; -plugin-dir takes its parent.
find_mirror() {
  local root found
  for root in "${HOME:-/root}/.terraform.d" /opt /usr/local /usr/share /; do
    [[ -d "$root" ]] || continue
    found="$(find "$root" -xdev -type d -path '*/registry.terraform.io/hashicorp/aws' -print -quit 2>/dev/null || true)"
    if [[ -n "$found" ]]; then
      dirname "$(dirname "$(dirname "$found")")"
      return 0
    fi
  done
  return 1
}

# A throw-away data directory keeps repeated runs independent and leaves no .terraform behind; a dependency lock file
# this run creates is removed again (an operator's own lock file is left as it was).
lock_existed=0
[[ -f .terraform.lock.hcl ]] && lock_existed=1
TF_DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/guestpass-infra.XXXXXX")"
export TF_DATA_DIR
cleanup() {
  rm -rf "$TF_DATA_DIR"
  if [[ "$lock_existed" == 0 ]]; then rm -f .terraform.lock.hcl; fi
}
trap cleanup EXIT
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

init_args=(-backend=false -input=false -no-color)
if mirror="$(find_mirror)"; then
  echo "verify.sh: using the provider mirror at $mirror"
  export TF_CLI_CONFIG_FILE=/dev/null
  init_args+=("-plugin-dir=$mirror")
else
  echo "verify.sh: no provider mirror found; terraform init downloads the provider"
fi

step() { echo; echo "== $*"; }

# The tests use mock overrides during plan (override_during), which needs Terraform 1.11.
tf_version_text="$(terraform version)"
tf_version="$(sed -nE '1s/^Terraform v([0-9]+\.[0-9]+).*/\1/p' <<<"$tf_version_text")"
run_tests=1
if ! printf '%s\n' 1.11 "$tf_version" | sort -V -C; then
  echo "WARNING: Terraform $tf_version is older than 1.11; terraform test is SKIPPED." >&2
  if [[ "${GUESTPASS_REQUIRE_TERRAFORM:-0}" == "1" || "${CI:-false}" == "true" ]]; then
    echo "Terraform >= 1.11 is required here." >&2
    exit 1
  fi
  run_tests=0
fi

step "terraform version"
echo "$tf_version_text"

step "terraform fmt -check -recursive"
terraform fmt -check -recursive -diff

step "terraform init -backend=false"
terraform init "${init_args[@]}" >/dev/null

step "terraform validate"
terraform validate -no-color

# Creation order a test run cannot see: "A -> B" in `terraform graph` means A waits for B.
step "creation order"
graph="$(terraform graph)"
for edge in '"aws_rds_cluster.this" -> "aws_cloudwatch_log_group.db"'; do
  if ! grep -qF "$edge" <<<"$graph"; then
    echo "verify.sh: missing dependency $edge (the cluster would create its log group itself, without retention)." >&2
    exit 1
  fi
  echo "ok: $edge"
done

if [[ "$run_tests" == 1 ]]; then
  step "terraform test"
  terraform test -no-color
fi

echo
if [[ "$run_tests" == 1 ]]; then
  echo "verify.sh: infra/ is formatted, valid and its tests pass."
else
  echo "verify.sh: infra/ is formatted and valid; its tests were SKIPPED (Terraform older than 1.11)." >&2
fi
