# Values the mocked hashicorp/aws provider cannot make up: realistic ARNs and endpoints, nested computed blocks, and a
# migration that answered 200. Shared by every test file (mock_provider "aws" { source = "./tests/mocks" }).

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/operator"
  }
}

mock_data "aws_region" {
  defaults = {
    name = "eu-west-1"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  }
}

# The mock cannot render a policy; the tests inspect the documents' statements instead.
mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

# Every generated secret gets this recognisable value, so the tests can look for it where it must never be.
mock_data "aws_secretsmanager_random_password" {
  defaults = {
    random_password = "MockGeneratedSecretValue0123456789abcdefghij"
  }
}

# The version every secret is pinned to; runs that rotate a secret override one instance.
mock_resource "aws_secretsmanager_secret_version" {
  defaults = {
    id         = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/mocked-AbCdEf|00000000-0000-0000-0000-000000000001"
    version_id = "00000000-0000-0000-0000-000000000001"
  }
}

mock_data "aws_secretsmanager_secret_version" {
  defaults = {
    version_id = "00000000-0000-0000-0000-000000000001"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    id            = "a1b2c3d4e5"
    api_endpoint  = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
  }
}

mock_resource "aws_db_proxy" {
  defaults = {
    arn      = "arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-0123456789abcdef0"
    endpoint = "guestpass.proxy-c0ffee.eu-west-1.rds.amazonaws.com"
  }
}

mock_resource "aws_rds_cluster" {
  defaults = {
    arn = "arn:aws:rds:eu-west-1:123456789012:cluster:guestpass"
    master_user_secret = [{
      kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-0000-AbCdEf"
      secret_status = "active"
    }]
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_sesv2_email_identity" {
  defaults = {
    arn                         = "arn:aws:ses:eu-west-1:123456789012:identity/mail.contoso.example"
    verified_for_sending_status = false
    # A block: the mock applies this object to the one configured dkim_signing_attributes block.
    dkim_signing_attributes = {
      current_signing_key_length    = "RSA_2048_BIT"
      last_key_generation_timestamp = "2025-01-01T00:00:00Z"
      signing_attributes_origin     = "AWS_SES"
      status                        = "PENDING"
      tokens                        = ["tokenone", "tokentwo", "tokenthree"]
    }
  }
}

mock_resource "aws_sesv2_configuration_set" {
  defaults = {
    arn = "arn:aws:ses:eu-west-1:123456789012:configuration-set/guestpass"
  }
}

mock_resource "aws_lambda_invocation" {
  defaults = {
    result = "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{}\"}"
  }
}

mock_resource "aws_apigatewayv2_stage" {
  defaults = {
    id = "$default"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/mocked"
  }
}

# The secrets' ARNs, which the functions' GUESTPASS_SECRETS_ARNS and the roles' policies name.
override_resource {
  target = aws_secretsmanager_secret.data_key
  values = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf" }
}

override_resource {
  target = aws_secretsmanager_secret.msa_cookies
  values = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/msa-cookies-AbCdEf" }
}

override_resource {
  target = aws_secretsmanager_secret.msa
  values = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/msa-AbCdEf" }
}

override_resource {
  target = aws_secretsmanager_secret.db_app
  values = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/db/guestpass_app-AbCdEf" }
}
