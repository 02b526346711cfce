# The database's PostgreSQL log goes to a log group Terraform owns, named as RDS names it, with a retention; the group
# exists before the cluster (verify.sh checks that edge in `terraform graph`: a test run cannot see ordering).

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

run "the_database_log_group_is_the_one_rds_exports_to_with_a_retention" {
  command = plan

  variables {
    name                  = "contoso-id"
    db_log_retention_days = 90
  }

  assert {
    condition     = aws_cloudwatch_log_group.db.name == "/aws/rds/cluster/contoso-id/postgresql" && aws_rds_cluster.this.cluster_identifier == "contoso-id"
    error_message = "RDS exports the cluster's postgresql log to /aws/rds/cluster/<cluster identifier>/postgresql; Terraform must own exactly that group."
  }

  assert {
    condition     = aws_cloudwatch_log_group.db.retention_in_days == 90
    error_message = "The database log group keeps its logs for db_log_retention_days."
  }

  assert {
    condition     = aws_rds_cluster.this.enabled_cloudwatch_logs_exports == toset(["postgresql"])
    error_message = "The cluster exports its postgresql log."
  }
}

run "the_database_log_retention_defaults_to_thirty_days" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.db.retention_in_days == 30
    error_message = "Without db_log_retention_days the database log is kept 30 days, never forever."
  }
}

run "a_retention_cloudwatch_does_not_accept_is_refused" {
  command = plan

  variables {
    db_log_retention_days = 0
  }

  expect_failures = [var.db_log_retention_days]
}
