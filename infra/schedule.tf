# The worker runs on a schedule with an API Gateway-shaped event for POST /internal/worker/run, straight to its alias:
# the gateway never routes /internal. Scheduler invokes asynchronously, so an HTTP 500 inside the response is invisible
# to Lambda's error metric; the application logs WORKER_RUN_FAILED and alarms.tf turns that into an alarm.

resource "aws_scheduler_schedule" "worker" {
  name                = "${local.name}-worker"
  description         = "Guestpass worker: deliver queued mail, expire invitations, purge what retention allows"
  schedule_expression = var.worker_schedule_expression
  state               = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_alias.live[local.worker].arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode(local.internal_event[local.worker])

    retry_policy {
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 60
    }
  }

  depends_on = [aws_iam_role_policy.scheduler]
}
