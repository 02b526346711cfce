# One Lambda function per role (keys of routes.json), all from the one artifact. Every function publishes versions
# (SnapStart works on published versions) and takes traffic only through its alias "live".

# The artifact goes to S3 once and every function loads it from there: a JVM function.zip comes close to the 50 MB
# limit of direct uploads, and one upload serves all functions.
resource "aws_s3_bucket" "artifacts" {
  bucket_prefix = "${local.name}-artifacts-"
  force_destroy = true # only build outputs live here; they can be rebuilt
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    id     = "expire-old-artifacts"
    status = "Enabled"

    filter {
      prefix = "function/"
    }

    # Published versions keep their own copy of the code; the S3 object is only needed to create them.
    expiration {
      days = 90
    }
  }
}

resource "aws_s3_object" "artifact" {
  bucket      = aws_s3_bucket.artifacts.id
  key         = local.artifact_key
  source      = var.artifact_path
  source_hash = local.artifact_sha256_base64

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.artifacts]
}

resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name = "${local.name}-${each.key}"
  description   = "Guestpass ${each.key}"
  role          = aws_iam_role.function[each.key].arn

  s3_bucket        = aws_s3_object.artifact.bucket
  s3_key           = aws_s3_object.artifact.key
  source_code_hash = local.artifact_sha256_base64

  runtime       = local.runtime
  handler       = local.handler
  architectures = [var.architecture]
  memory_size   = each.value.memory_size
  timeout       = each.value.timeout
  publish       = true

  reserved_concurrent_executions = each.value.reserved_concurrency == null ? -1 : each.value.reserved_concurrency

  dynamic "snap_start" {
    for_each = var.native ? [] : [1]
    content {
      apply_on = "PublishedVersions"
    }
  }

  environment {
    variables = local.function_env[each.key]
  }

  vpc_config {
    subnet_ids         = local.private_subnet_ids
    security_group_ids = [aws_security_group.function.id]
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  # With SnapStart, publishing a version runs the initialisation, which reads the secrets.
  depends_on = [
    aws_iam_role_policy.function,
    aws_secretsmanager_secret_version.data_key,
    aws_secretsmanager_secret_version.msa_cookies,
    aws_secretsmanager_secret_version.msa,
    aws_secretsmanager_secret_version.db_app,
  ]
}

# --- Migrations: run on every apply whose artifact changed, before the other functions take traffic ---------------------

resource "aws_lambda_alias" "migrate" {
  name             = "live"
  description      = "The version migrations run with"
  function_name    = aws_lambda_function.this[local.migrate].function_name
  function_version = aws_lambda_function.this[local.migrate].version
}

resource "aws_lambda_invocation" "migrate" {
  function_name = aws_lambda_function.this[local.migrate].function_name
  qualifier     = aws_lambda_alias.migrate.name
  input         = jsonencode(local.internal_event[local.migrate])

  triggers = {
    artifact = local.artifact_sha256_base64
    version  = aws_lambda_alias.migrate.function_version
  }

  # The Invoke API succeeds whenever the function returns, even with an HTTP 500 inside: check the payload.
  lifecycle {
    postcondition {
      condition     = try(jsondecode(self.result).statusCode, null) == 200
      error_message = "The migrate function did not answer statusCode 200; the schema is not up to date. Its log group ${aws_cloudwatch_log_group.function[local.migrate].name} says why (look for MIGRATION_FAILED)."
    }
  }

  depends_on = [
    aws_db_proxy_target.this,
    aws_rds_cluster_instance.this,
    aws_secretsmanager_secret_version.db_app,
  ]
}

# Every other function's alias moves to its new version only after the migrations succeeded.
resource "aws_lambda_alias" "live" {
  for_each = { for f, s in local.functions : f => s if f != local.migrate }

  name             = "live"
  description      = "The version that takes traffic"
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = aws_lambda_function.this[each.key].version

  depends_on = [aws_lambda_invocation.migrate]
}

locals {
  alias = merge(aws_lambda_alias.live, { (local.migrate) = aws_lambda_alias.migrate })
}

# The worker is invoked asynchronously by the schedule; the next run comes within a minute, so retries only pile up.
resource "aws_lambda_function_event_invoke_config" "worker" {
  function_name                = aws_lambda_function.this[local.worker].function_name
  qualifier                    = aws_lambda_alias.live[local.worker].name
  maximum_retry_attempts       = 0
  maximum_event_age_in_seconds = 60
}
