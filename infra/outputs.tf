# No output carries a secret value. Secret ARNs are references, not secrets.

output "api_base_url" {
  description = "Public origin of the API (guestpass.public-base-url); invitations go to <api_base_url>/v1.0/invitations."
  value       = local.public_base_url
}

output "api_endpoint" {
  description = "The API's execute-api endpoint (the same API as api_base_url when no custom domain is set)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "msa_redirect_uri" {
  description = "Redemption's redirect URI (Web platform) to register with the Microsoft account application."
  value       = "${local.public_base_url}/redeem/callback"
}

output "msa_redirect_uris" {
  description = "Every redirect URI (Web platform) to register with the Microsoft account application: one per function that signs people in."
  value       = ["${local.public_base_url}/redeem/callback", "${local.public_base_url}/signin/callback", "${local.public_base_url}/signup/callback"]
}

output "openid_configuration_url" {
  description = "Discovery document of Guestpass as the OpenID Connect provider of the directory's applications (their authority is <api_base_url>/<directory_id>/v2.0)."
  value       = "${local.public_base_url}/${var.directory_id}/v2.0/.well-known/openid-configuration"
}

output "custom_domain_target" {
  description = "Where to point custom_domain_name (CNAME or alias) when Route 53 is not managed here; null without a custom domain."
  value = var.custom_domain_name == null ? null : {
    target_domain_name = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    hosted_zone_id     = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
  }
}

output "dkim_records" {
  description = "DNS records that verify mail_domain with SES (Easy DKIM). Publish them unless mail_route53_zone_id is set."
  value       = local.dkim_records
}

output "function_names" {
  description = "Lambda function name per role."
  value       = { for f, fn in aws_lambda_function.this : f => fn.function_name }
}

output "migrate_function" {
  description = "How to run the migrations by hand: function name and qualifier (check statusCode inside the response payload)."
  value = {
    function_name = aws_lambda_function.this[local.migrate].function_name
    qualifier     = aws_lambda_alias.migrate.name
  }
}

output "log_groups" {
  description = "CloudWatch log group per function, the gateway's access log and the database's PostgreSQL log."
  value       = merge({ for f, lg in aws_cloudwatch_log_group.function : f => lg.name }, { api = aws_cloudwatch_log_group.api.name, database = aws_cloudwatch_log_group.db.name })
}

output "db_proxy_endpoint" {
  description = "RDS Proxy endpoint (IAM authentication and TLS required)."
  value       = aws_db_proxy.this.endpoint
}

output "secret_arns" {
  description = "ARNs of the Secrets Manager secrets (references only; values stay in Secrets Manager)."
  value = {
    data_key    = aws_secretsmanager_secret.data_key.arn
    msa_cookies = aws_secretsmanager_secret.msa_cookies.arn
    msa         = aws_secretsmanager_secret.msa.arn
    db_app      = aws_secretsmanager_secret.db_app.arn
    db_owner    = aws_rds_cluster.this.master_user_secret[0].secret_arn
  }
}

output "ses_configuration_set" {
  description = "SES configuration set that every message uses."
  value       = aws_sesv2_configuration_set.this.configuration_set_name
}

output "mail_identity_verified" {
  description = "Whether SES has verified mail_domain for sending (false until the DKIM records resolve)."
  value       = aws_sesv2_email_identity.this.verified_for_sending_status
}
