# Migrations run through the migrate function's alias before the other functions take traffic, and an HTTP 500 inside
# a successful Lambda invocation fails the apply. The worker's failures become alarms.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

run "migrations_are_invoked_with_an_internal_gateway_event" {
  command = plan

  assert {
    condition = (
      jsondecode(aws_lambda_invocation.migrate.input).rawPath == "/internal/migrate" &&
      jsondecode(aws_lambda_invocation.migrate.input).requestContext.http.method == "POST" &&
      jsondecode(aws_lambda_invocation.migrate.input).requestContext.http.path == "/internal/migrate" &&
      jsondecode(aws_lambda_invocation.migrate.input).requestContext.stage == "$default" &&
      jsondecode(aws_lambda_invocation.migrate.input).version == "2.0" &&
      jsondecode(aws_lambda_invocation.migrate.input).routeKey == "$default" &&
      jsondecode(aws_lambda_invocation.migrate.input).body == "{}" &&
      jsondecode(aws_lambda_invocation.migrate.input).isBase64Encoded == false
    )
    error_message = "The migrate function gets an API Gateway payload 2.0 event for POST /internal/migrate."
  }

  assert {
    condition     = aws_lambda_invocation.migrate.qualifier == "live" && aws_lambda_invocation.migrate.function_name == "guestpass-migrate"
    error_message = "Migrations run through the migrate function's live alias."
  }

  assert {
    condition     = aws_lambda_invocation.migrate.triggers.artifact == filebase64sha256("tests/fixtures/function.zip")
    error_message = "A new artifact must re-run the migrations."
  }

  assert {
    condition = (
      jsondecode(aws_scheduler_schedule.worker.target[0].input).requestContext.http.method == "POST" &&
      jsondecode(aws_scheduler_schedule.worker.target[0].input).requestContext.http.path == "/internal/worker/run"
    )
    error_message = "The schedule sends the worker the same event shape for POST /internal/worker/run."
  }
}

run "a_failed_migration_fails_the_apply" {
  command = plan

  override_resource {
    target          = aws_lambda_invocation.migrate
    override_during = plan
    values = {
      result = "{\"statusCode\":500,\"body\":\"{\\\"error\\\":\\\"MIGRATION_FAILED\\\"}\"}"
    }
  }

  expect_failures = [aws_lambda_invocation.migrate]
}

run "a_function_error_payload_fails_the_apply" {
  command = plan

  override_resource {
    target          = aws_lambda_invocation.migrate
    override_during = plan
    values = {
      result = "{\"errorMessage\":\"Task timed out after 600.00 seconds\"}"
    }
  }

  expect_failures = [aws_lambda_invocation.migrate]
}

run "worker_and_migration_failures_raise_alarms" {
  command = plan

  assert {
    condition = (
      aws_cloudwatch_log_metric_filter.failure["worker"].pattern == "\"WORKER_RUN_FAILED\"" &&
      aws_cloudwatch_log_metric_filter.failure["worker"].log_group_name == "/aws/lambda/guestpass-worker" &&
      aws_cloudwatch_log_metric_filter.failure["migrate"].pattern == "\"MIGRATION_FAILED\"" &&
      aws_cloudwatch_log_metric_filter.failure["migrate"].log_group_name == "/aws/lambda/guestpass-migrate"
    )
    error_message = "WORKER_RUN_FAILED and MIGRATION_FAILED in the logs must become metrics."
  }

  assert {
    condition = (
      aws_cloudwatch_log_metric_filter.failure["mail_undecryptable"].pattern == "\"MAIL_UNDECRYPTABLE\"" &&
      aws_cloudwatch_log_metric_filter.failure["mail_undecryptable"].log_group_name == "/aws/lambda/guestpass-worker" &&
      aws_cloudwatch_metric_alarm.failure["mail_undecryptable"].metric_name == "MailUndecryptable" &&
      aws_cloudwatch_metric_alarm.failure["mail_undecryptable"].threshold == 0
    )
    error_message = "A mail that cannot be decrypted (MAIL_UNDECRYPTABLE in the worker's log) must raise an alarm."
  }

  assert {
    condition = alltrue([
      for k, a in aws_cloudwatch_metric_alarm.failure :
      a.metric_name == aws_cloudwatch_log_metric_filter.failure[k].metric_transformation[0].name &&
      a.namespace == aws_cloudwatch_log_metric_filter.failure[k].metric_transformation[0].namespace
    ])
    error_message = "Each failure metric needs an alarm."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.lambda_errors) == 5 && length(aws_cloudwatch_metric_alarm.lambda_throttles) == 5
    error_message = "Every function has error and throttle alarms."
  }
}

run "alarms_notify_the_given_topic" {
  command = plan

  variables {
    alarm_sns_topic_arn = "arn:aws:sns:eu-west-1:123456789012:ops"
  }

  assert {
    condition = alltrue([
      for a in concat(
        values(aws_cloudwatch_metric_alarm.failure), values(aws_cloudwatch_metric_alarm.lambda_errors), values(aws_cloudwatch_metric_alarm.lambda_throttles),
        [aws_cloudwatch_metric_alarm.api_5xx_rate, aws_cloudwatch_metric_alarm.db_cpu, aws_cloudwatch_metric_alarm.db_connections,
        aws_cloudwatch_metric_alarm.ses_bounce_rate, aws_cloudwatch_metric_alarm.ses_complaint_rate],
      ) : a.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:ops"])
    ])
    error_message = "Every alarm must notify alarm_sns_topic_arn."
  }
}
