# Secrets the functions read at start by ARN (GUESTPASS_SECRETS_ARNS). Values never appear in environment variables or
# non-sensitive outputs. Generated values come from Secrets Manager itself and are kept stable with ignore_changes: the
# data source yields a new value at every plan, and rotating these keys by accident would break live sessions and
# everything the data key encrypted.

resource "aws_kms_key" "this" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "Guestpass ${local.name}: database storage and secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "this" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.this[0].key_id
}

# --- Application keys: the data key and the Microsoft-account cookie/state keys --------------------------------------

# 43 alphanumerics + "=" is the base64 form of 32 bytes: a 256-bit key (guestpass.crypto.data-key).
data "aws_secretsmanager_random_password" "data_key" {
  password_length     = 43
  exclude_punctuation = true
  include_space       = false
}

data "aws_secretsmanager_random_password" "state_secret" {
  password_length     = 48
  exclude_punctuation = true
  include_space       = false
}

data "aws_secretsmanager_random_password" "token_encryption_secret" {
  password_length     = 48
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret" "keys" {
  name                    = "${local.name}/keys"
  description             = "Guestpass application keys (JSON of application property names)"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "keys" {
  secret_id = aws_secretsmanager_secret.keys.id
  secret_string = jsonencode({
    "guestpass.crypto.data-key"                              = "${data.aws_secretsmanager_random_password.data_key.random_password}="
    "quarkus.oidc.msa.authentication.state-secret"           = data.aws_secretsmanager_random_password.state_secret.random_password
    "quarkus.oidc.msa.token-state-manager.encryption-secret" = data.aws_secretsmanager_random_password.token_encryption_secret.random_password
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

# --- The Microsoft account application's client secret (redeem) ------------------------------------------------------

resource "aws_secretsmanager_secret" "msa" {
  name                    = "${local.name}/msa"
  description             = "Guestpass Microsoft account application client secret"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
}

# Not ignore_changes: changing var.msa_client_secret is how an operator rotates it.
resource "aws_secretsmanager_secret_version" "msa" {
  secret_id = aws_secretsmanager_secret.msa.id
  secret_string = jsonencode({
    "quarkus.oidc.msa.credentials.secret" = var.msa_client_secret
  })
}

# --- The application database user -----------------------------------------------------------------------------------
# RDS Proxy format ({"username","password"}). The proxy reads it to log in as the application user; the migrate
# function reads it (as guestpass.db.app.*) to create or update that login role. Functions connect with IAM tokens.

data "aws_secretsmanager_random_password" "db_app" {
  password_length     = 40
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret" "db_app" {
  name                    = "${local.name}/db/${var.db_app_username}"
  description             = "Guestpass application database user (read by RDS Proxy and the migrate function)"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "db_app" {
  secret_id = aws_secretsmanager_secret.db_app.id
  secret_string = jsonencode({
    username = var.db_app_username
    password = data.aws_secretsmanager_random_password.db_app.random_password
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}
