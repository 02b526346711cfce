# Alarms notify var.alarm_sns_topic_arn (when set). Log-based metrics make failures visible that Lambda's own metrics
# cannot see: an HTTP 500 inside a successful invocation is not a Lambda error.

locals {
  metric_namespace = "Guestpass/${local.name}"

  log_failures = {
    worker = {
      function = local.worker
      pattern  = "WORKER_RUN_FAILED"
      metric   = "WorkerRunFailed"
      summary  = "a worker run failed (mail delivery, expiry or purge)"
    }
    mail_undecryptable = {
      function = local.worker
      pattern  = "MAIL_UNDECRYPTABLE"
      metric   = "MailUndecryptable"
      summary  = "a queued mail could not be opened with the configured data keys (sealed under a key rotated out too early) and was failed; its invitation was not delivered"
    }
    migrate = {
      function = local.migrate
      pattern  = "MIGRATION_FAILED"
      metric   = "MigrationFailed"
      summary  = "a schema migration failed"
    }
  }
}

resource "aws_cloudwatch_log_metric_filter" "failure" {
  for_each = local.log_failures

  name           = "${local.name}-${each.value.metric}"
  log_group_name = aws_cloudwatch_log_group.function[each.value.function].name
  pattern        = "\"${each.value.pattern}\""

  metric_transformation {
    name          = each.value.metric
    namespace     = local.metric_namespace
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

resource "aws_cloudwatch_metric_alarm" "failure" {
  for_each = local.log_failures

  alarm_name          = "${local.name}-${each.key}-failed"
  alarm_description   = "Guestpass ${local.name}: ${each.value.summary}. Search ${aws_cloudwatch_log_group.function[each.value.function].name} for ${each.value.pattern}."
  namespace           = local.metric_namespace
  metric_name         = each.value.metric
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  depends_on = [aws_cloudwatch_log_metric_filter.failure]
}

# --- Gateway ---------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "api_5xx_rate" {
  alarm_name          = "${local.name}-api-5xx-rate"
  alarm_description   = "Guestpass ${local.name}: more than ${var.alarm_api_5xx_rate_percent}% of API requests answered 5xx."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_api_5xx_rate_percent
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * errors / requests, 0)"
    label       = "5xx rate (%)"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "5xx"
      dimensions  = { ApiId = aws_apigatewayv2_api.this.id, Stage = aws_apigatewayv2_stage.default.name }
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      dimensions  = { ApiId = aws_apigatewayv2_api.this.id, Stage = aws_apigatewayv2_stage.default.name }
      period      = 300
      stat        = "Sum"
    }
  }
}

# --- Functions -------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each = local.functions

  alarm_name          = "${local.name}-${each.key}-errors"
  alarm_description   = "Guestpass ${local.name}: the ${each.key} function failed invocations (crash, timeout, out of memory)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  for_each = local.functions

  alarm_name          = "${local.name}-${each.key}-throttles"
  alarm_description   = "Guestpass ${local.name}: the ${each.key} function was throttled (concurrency exhausted)."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# --- Database --------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "${local.name}-db-cpu"
  alarm_description   = "Guestpass ${local.name}: database CPU above ${var.alarm_db_cpu_percent}% for 15 minutes (consider db_max_capacity)."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBClusterIdentifier = aws_rds_cluster.this.cluster_identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.alarm_db_cpu_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "db_connections" {
  alarm_name          = "${local.name}-db-connections"
  alarm_description   = "Guestpass ${local.name}: more than ${var.alarm_db_connections} database connections."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = { DBClusterIdentifier = aws_rds_cluster.this.cluster_identifier }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.alarm_db_connections
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "db_capacity" {
  alarm_name          = "${local.name}-db-capacity"
  alarm_description   = "Guestpass ${local.name}: the database runs at its maximum capacity (ACUUtilization above 90%); raise db_max_capacity."
  namespace           = "AWS/RDS"
  metric_name         = "ACUUtilization"
  dimensions          = { DBClusterIdentifier = aws_rds_cluster.this.cluster_identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 90
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# --- Mail (SES reputation metrics are per account and region) --------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "ses_bounce_rate" {
  alarm_name          = "${local.name}-ses-bounce-rate"
  alarm_description   = "Guestpass ${local.name}: SES bounce rate above ${var.alarm_ses_bounce_rate} (SES reviews the account above 0.05, pauses sending above 0.10)."
  namespace           = "AWS/SES"
  metric_name         = "Reputation.BounceRate"
  statistic           = "Maximum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = var.alarm_ses_bounce_rate
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "ses_complaint_rate" {
  alarm_name          = "${local.name}-ses-complaint-rate"
  alarm_description   = "Guestpass ${local.name}: SES complaint rate above ${var.alarm_ses_complaint_rate} (SES reviews the account above 0.001)."
  namespace           = "AWS/SES"
  metric_name         = "Reputation.ComplaintRate"
  statistic           = "Maximum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = var.alarm_ses_complaint_rate
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}
