# Aurora PostgreSQL Serverless v2 behind RDS Proxy. The proxy holds both database users' credentials (Secrets Manager)
# and requires TLS and IAM authentication from the functions, so no function ever holds a database password.

locals {
  db_engine_major = split(".", var.db_engine_version)[0]
}

resource "aws_db_subnet_group" "this" {
  name        = local.name
  description = "Private subnets of the Guestpass database"
  subnet_ids  = local.private_subnet_ids
}

resource "aws_rds_cluster_parameter_group" "this" {
  name_prefix = "${local.name}-"
  family      = "aurora-postgresql${local.db_engine_major}"
  description = "Guestpass: TLS only, statement logging of DDL"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# The cluster exports its PostgreSQL log (errors, DDL statements) to this group. Left to RDS, the group would appear on
# the first export, outside Terraform and kept forever; it exists before the cluster instead. A deployment whose group
# RDS already created imports it once (infra/README.md).
resource "aws_cloudwatch_log_group" "db" {
  name              = "/aws/rds/cluster/${local.name}/postgresql"
  retention_in_days = var.db_log_retention_days
}

resource "aws_rds_cluster" "this" {
  cluster_identifier = local.name
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.db_engine_version
  database_name      = var.db_name

  # The owner of the schema; RDS keeps its password in a secret of its own and rotates it.
  master_username               = var.db_owner_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = local.kms_key_arn

  serverlessv2_scaling_configuration {
    min_capacity = var.db_min_capacity
    max_capacity = var.db_max_capacity
  }

  db_subnet_group_name            = aws_db_subnet_group.this.name
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name
  vpc_security_group_ids          = [aws_security_group.db.id]

  storage_encrypted = true
  kms_key_id        = local.kms_key_arn

  backup_retention_period   = var.db_backup_retention_days
  copy_tags_to_snapshot     = true
  deletion_protection       = var.db_deletion_protection
  skip_final_snapshot       = var.db_skip_final_snapshot
  final_snapshot_identifier = "${local.name}-final"

  enabled_cloudwatch_logs_exports = ["postgresql"]
  allow_major_version_upgrade     = false

  depends_on = [aws_cloudwatch_log_group.db]

  lifecycle {
    precondition {
      condition     = var.db_min_capacity <= var.db_max_capacity
      error_message = "db_min_capacity must not exceed db_max_capacity."
    }
  }
}

resource "aws_rds_cluster_instance" "this" {
  count = var.db_instance_count

  identifier           = "${local.name}-${count.index + 1}"
  cluster_identifier   = aws_rds_cluster.this.id
  instance_class       = "db.serverless"
  engine               = aws_rds_cluster.this.engine
  engine_version       = aws_rds_cluster.this.engine_version
  db_subnet_group_name = aws_db_subnet_group.this.name

  performance_insights_enabled    = true
  performance_insights_kms_key_id = local.kms_key_arn
  auto_minor_version_upgrade      = true
}

# --- RDS Proxy ----------------------------------------------------------------------------------------------------------

resource "aws_db_proxy" "this" {
  name           = local.name
  engine_family  = "POSTGRESQL"
  role_arn       = aws_iam_role.db_proxy.arn
  vpc_subnet_ids = local.private_subnet_ids

  vpc_security_group_ids = [aws_security_group.proxy.id]

  require_tls         = true
  idle_client_timeout = 1800
  debug_logging       = false

  auth {
    description = "Schema owner (migrate function only)"
    auth_scheme = "SECRETS"
    secret_arn  = aws_rds_cluster.this.master_user_secret[0].secret_arn
    iam_auth    = "REQUIRED"
  }

  auth {
    description = "Application user, data manipulation only (every other function)"
    auth_scheme = "SECRETS"
    secret_arn  = aws_secretsmanager_secret.db_app.arn
    iam_auth    = "REQUIRED"
  }

  depends_on = [aws_iam_role_policy.db_proxy]
}

resource "aws_db_proxy_default_target_group" "this" {
  db_proxy_name = aws_db_proxy.this.name

  connection_pool_config {
    max_connections_percent      = 90
    max_idle_connections_percent = 50
    connection_borrow_timeout    = 120
  }
}

resource "aws_db_proxy_target" "this" {
  db_proxy_name         = aws_db_proxy.this.name
  target_group_name     = aws_db_proxy_default_target_group.this.name
  db_cluster_identifier = aws_rds_cluster.this.cluster_identifier
}

locals {
  # rds-db:connect is granted per proxy resource id (prx-...), the last part of the proxy's ARN.
  db_proxy_resource_id = element(split(":", aws_db_proxy.this.arn), length(split(":", aws_db_proxy.this.arn)) - 1)
  db_user_arn = {
    for f, user in local.db_users : f =>
    "arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${local.db_proxy_resource_id}/${user}"
  }
}
