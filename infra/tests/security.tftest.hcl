# Least privilege and secrets: no "*" actions, each role reaches only its own secrets, database user and SES identity;
# no secret value in an environment variable or a non-sensitive output; the database is encrypted, protected and
# reachable only through a proxy that requires TLS and IAM authentication.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

override_resource {
  target          = aws_lambda_alias.live["worker"]
  override_during = plan
  values          = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:guestpass-worker:live" }
}

run "no_policy_statement_grants_wildcard_actions" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for doc in concat(
        values(data.aws_iam_policy_document.function),
        [data.aws_iam_policy_document.db_proxy, data.aws_iam_policy_document.scheduler],
        [data.aws_iam_policy_document.lambda_assume, data.aws_iam_policy_document.db_proxy_assume, data.aws_iam_policy_document.scheduler_assume],
        ) : [
        for st in doc.statement : [
          for a in coalesce(st.actions, []) : a != "*" && !endswith(a, ":*") && !strcontains(a, "*")
        ]
      ]
    ]))
    error_message = "A policy statement grants wildcard actions."
  }

  assert {
    condition = alltrue(flatten([
      for doc in concat(values(data.aws_iam_policy_document.function), [data.aws_iam_policy_document.db_proxy, data.aws_iam_policy_document.scheduler]) : [
        for st in doc.statement : st.sid == "VpcNetworkInterfaces" || !contains(coalesce(st.resources, []), "*")
      ]
    ]))
    error_message = "Only the VPC network-interface statement (no resource-level permissions exist) may use resource \"*\"."
  }

  assert {
    condition = alltrue([
      for doc in values(data.aws_iam_policy_document.function) : alltrue([
        for st in doc.statement : !contains(coalesce(st.resources, []), "*") || alltrue([for a in st.actions : startswith(a, "ec2:")])
      ])
    ])
    error_message = "A \"*\" resource is allowed only for EC2 network-interface actions."
  }

  assert {
    condition = alltrue([
      for doc in [data.aws_iam_policy_document.db_proxy, data.aws_iam_policy_document.scheduler] :
      alltrue([for st in doc.statement : !contains(coalesce(st.resources, []), "*")])
    ])
    error_message = "The proxy and scheduler roles must name their resources."
  }
}

run "each_function_reaches_only_its_own_secrets_user_and_mail" {
  command = plan

  assert {
    condition = alltrue([
      for f, doc in data.aws_iam_policy_document.function :
      one([for st in doc.statement : st.resources if contains(st.actions, "rds-db:connect")]) == toset([
        "arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-0123456789abcdef0/${f == "migrate" ? "guestpass_owner" : "guestpass_app"}"
      ])
    ])
    error_message = "rds-db:connect must name the proxy and exactly the function's own database user."
  }

  assert {
    condition = alltrue([
      for f, expected in {
        invite = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf"]
        worker = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf"]
        redeem = [
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf",
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/msa-cookies-AbCdEf",
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/msa-AbCdEf",
        ]
        migrate = [
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf",
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/db/guestpass_app-AbCdEf",
        ]
      } :
      one([for st in data.aws_iam_policy_document.function[f].statement : st.resources if contains(st.actions, "secretsmanager:GetSecretValue")]) == toset(expected)
    ])
    error_message = "A function can read secrets it does not need (the data key: invite, worker, redeem, migrate (the first signing key); the Microsoft client secret and cookie keys: redeem; the database user's: migrate)."
  }

  # What roles.json promises is what the secrets hold: every property a role is told it gets from a secret is a key of
  # that secret (with the secret's prefix), and the role's policy names exactly those secrets.
  assert {
    condition = alltrue(flatten([
      for f, role in jsondecode(file("roles.json")) : [
        for secret, properties in role.secrets : toset(properties) == toset([
          for k in keys(jsondecode(nonsensitive(local.secret_versions[secret].secret_string))) :
          secret == "db_app" ? "guestpass.db.app.${k}" : k
        ])
      ]
    ]))
    error_message = "A secret does not hold exactly the properties roles.json says it gives."
  }

  assert {
    condition = alltrue([
      for f, doc in data.aws_iam_policy_document.function :
      length([for st in doc.statement : st if contains(st.actions, "ses:SendEmail")]) == (contains(["invite", "worker"], f) ? 1 : 0)
    ])
    error_message = "Only invite and worker may send mail."
  }

  assert {
    condition = toset(one([for st in data.aws_iam_policy_document.function["invite"].statement : st.resources if contains(st.actions, "ses:SendEmail")])) == toset([
      "arn:aws:ses:eu-west-1:123456789012:identity/mail.contoso.example",
      "arn:aws:ses:eu-west-1:123456789012:configuration-set/guestpass",
    ])
    error_message = "ses:SendEmail must be scoped to the identity and the configuration set."
  }

  assert {
    condition     = length(aws_iam_role.function) == 5 && length(distinct([for r in aws_iam_role.function : r.name])) == 5
    error_message = "Every function needs a role of its own."
  }
}

run "no_secret_reaches_an_environment_variable_or_plain_output" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for fn in aws_lambda_function.this : [
        for name, value in fn.environment[0].variables :
        !can(regex("PASSWORD|DATA_KEY|CREDENTIALS|CLIENT_SECRET|STATE_SECRET|ENCRYPTION_SECRET|PRIVATE_KEY", name)) &&
        (!strcontains(name, "SECRET") || name == "GUESTPASS_SECRETS_ARNS")
      ]
    ]))
    error_message = "An environment variable is named like a secret."
  }

  assert {
    condition = alltrue(flatten([
      for fn in aws_lambda_function.this : [
        for value in values(fn.environment[0].variables) :
        !strcontains(value, "MockGeneratedSecretValue") && !strcontains(value, "test-msa-client-secret-value")
      ]
    ]))
    error_message = "A secret value appears in an environment variable."
  }

  assert {
    condition = alltrue([
      for fn in aws_lambda_function.this : alltrue([
        for ref in split(",", fn.environment[0].variables.GUESTPASS_SECRETS_ARNS) :
        can(regex("^([a-z.-]+=)?arn:aws:secretsmanager:[^,?=]+[?]versionId=[0-9a-f-]+$", ref))
      ])
    ])
    error_message = "GUESTPASS_SECRETS_ARNS must hold only secret ARNs (optionally prefixed), each pinned to a version id."
  }

  assert {
    condition = !strcontains(jsonencode([
      output.api_base_url, output.api_endpoint, output.msa_redirect_uri, output.custom_domain_target, output.dkim_records,
      output.function_names, output.migrate_function, output.log_groups, output.db_proxy_endpoint, output.secret_arns,
      output.ses_configuration_set, output.mail_identity_verified,
    ]), "MockGeneratedSecretValue") && !strcontains(jsonencode([output.secret_arns, output.dkim_records]), "test-msa-client-secret-value")
    error_message = "A non-sensitive output carries a secret value."
  }
}

run "generated_secrets_have_the_agreed_shape" {
  command = plan

  assert {
    condition = (
      data.aws_secretsmanager_random_password.data_key.password_length == 43 &&
      data.aws_secretsmanager_random_password.data_key.exclude_punctuation &&
      alltrue([for p in [data.aws_secretsmanager_random_password.state_secret, data.aws_secretsmanager_random_password.token_encryption_secret] : p.password_length >= 32 && p.exclude_punctuation])
    )
    error_message = "The data key is 43 alphanumerics (+ \"=\" = base64 of 256 bits); the cookie keys at least 32 alphanumerics."
  }

  assert {
    condition = (
      toset(keys(jsondecode(nonsensitive(aws_secretsmanager_secret_version.data_key.secret_string)))) == toset(["guestpass.crypto.data-key"]) &&
      toset(keys(jsondecode(nonsensitive(aws_secretsmanager_secret_version.msa_cookies.secret_string)))) == toset([
        "quarkus.oidc.msa.authentication.state-secret",
        "quarkus.oidc.msa.token-state-manager.encryption-secret",
      ])
    )
    error_message = "The data key and the Microsoft-account cookie keys live in separate secrets, so that each reaches only the roles that use it."
  }

  assert {
    condition     = aws_secretsmanager_secret.data_key.name == "guestpass/keys" && aws_secretsmanager_secret.msa_cookies.name == "guestpass/msa-cookies"
    error_message = "The data key keeps the secret name of earlier versions (existing data stays readable)."
  }

  assert {
    condition     = endswith(jsondecode(nonsensitive(aws_secretsmanager_secret_version.data_key.secret_string))["guestpass.crypto.data-key"], "=")
    error_message = "The data key is the generated value plus \"=\" (base64 of 32 bytes)."
  }

  assert {
    condition     = jsondecode(nonsensitive(aws_secretsmanager_secret_version.msa.secret_string)) == { "quarkus.oidc.msa.credentials.secret" = "test-msa-client-secret-value-0123" }
    error_message = "The Microsoft secret holds the client secret under its property name."
  }

  assert {
    condition     = jsondecode(nonsensitive(aws_secretsmanager_secret_version.db_app.secret_string)).username == "guestpass_app"
    error_message = "The application user's secret is in proxy format with the application user's name."
  }

  assert {
    condition     = alltrue([for s in [aws_secretsmanager_secret.data_key, aws_secretsmanager_secret.msa_cookies, aws_secretsmanager_secret.msa, aws_secretsmanager_secret.db_app] : s.kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"])
    error_message = "Secrets must be encrypted with the deployment's KMS key."
  }
}

run "the_database_is_encrypted_protected_and_behind_an_iam_tls_proxy" {
  command = plan

  assert {
    condition     = aws_rds_cluster.this.storage_encrypted && aws_rds_cluster.this.deletion_protection && !aws_rds_cluster.this.skip_final_snapshot
    error_message = "Storage encryption, deletion protection and a final snapshot are on by default."
  }

  assert {
    condition     = aws_rds_cluster.this.manage_master_user_password && aws_rds_cluster.this.master_username == "guestpass_owner"
    error_message = "The owner's password is managed by RDS, never by Terraform."
  }

  assert {
    condition     = aws_rds_cluster.this.serverlessv2_scaling_configuration[0].min_capacity == 0.5 && aws_rds_cluster.this.serverlessv2_scaling_configuration[0].max_capacity == 4
    error_message = "Serverless v2 capacity follows the variables."
  }

  assert {
    condition     = aws_db_proxy.this.require_tls
    error_message = "The proxy must require TLS."
  }

  assert {
    condition     = length(aws_db_proxy.this.auth) == 2 && alltrue([for a in aws_db_proxy.this.auth : a.iam_auth == "REQUIRED" && a.auth_scheme == "SECRETS"])
    error_message = "The proxy must require IAM authentication for both database users."
  }

  assert {
    condition = toset([for a in aws_db_proxy.this.auth : a.secret_arn]) == toset([
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-0000-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/db/guestpass_app-AbCdEf",
    ])
    error_message = "The proxy holds the owner's (RDS-managed) and the application user's secrets."
  }

  assert {
    condition     = alltrue([for lg in aws_cloudwatch_log_group.function : lg.retention_in_days == 30])
    error_message = "Every function's log group needs a retention."
  }
}

run "deletion_protection_can_be_turned_off_deliberately" {
  command = plan

  variables {
    db_deletion_protection = false
    db_skip_final_snapshot = true
  }

  assert {
    condition     = !aws_rds_cluster.this.deletion_protection && aws_rds_cluster.this.skip_final_snapshot
    error_message = "The protection variables must reach the cluster."
  }
}

run "sandbox_recipients_are_verified_and_mailable" {
  command = plan

  variables {
    ses_sandbox_recipients = ["tester@contoso.example"]
  }

  override_resource {
    target          = aws_sesv2_email_identity.sandbox_recipient["tester@contoso.example"]
    override_during = plan
    values          = { arn = "arn:aws:ses:eu-west-1:123456789012:identity/tester@contoso.example" }
  }

  assert {
    condition = toset(one([for st in data.aws_iam_policy_document.function["worker"].statement : st.resources if contains(st.actions, "ses:SendEmail")])) == toset([
      "arn:aws:ses:eu-west-1:123456789012:identity/mail.contoso.example",
      "arn:aws:ses:eu-west-1:123456789012:configuration-set/guestpass",
      "arn:aws:ses:eu-west-1:123456789012:identity/tester@contoso.example",
    ])
    error_message = "In the SES sandbox, the senders may mail exactly the verified recipients too."
  }
}
