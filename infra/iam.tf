# One role per function, least privilege: its own log group, its own secrets, rds-db:connect as its own database user,
# and SES only for the functions that send mail. No statement grants "*" actions; "*" resources appear only where AWS
# offers nothing narrower (the ENI actions Lambda needs to join the VPC).

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    sid     = "LambdaAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = local.functions

  name               = "${local.name}-${each.key}"
  description        = "Guestpass ${each.key} function"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "function" {
  for_each = local.functions

  statement {
    sid       = "WriteOwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
  }

  # Lambda's VPC networking: these EC2 actions do not support resource-level permissions.
  statement {
    sid    = "VpcNetworkInterfaces"
    effect = "Allow"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ConnectAsOwnDatabaseUser"
    effect    = "Allow"
    actions   = ["rds-db:connect"]
    resources = [local.db_user_arn[each.key]]
  }

  dynamic "statement" {
    for_each = length(each.value.secrets) > 0 ? [1] : []
    content {
      sid       = "ReadOwnSecrets"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [for k in each.value.secrets : local.secret_arns[k]]
    }
  }

  dynamic "statement" {
    for_each = length(each.value.secrets) > 0 ? [1] : []
    content {
      sid       = "DecryptOwnSecrets"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [local.kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = each.value.sends_mail ? [1] : []
    content {
      sid     = "SendMailFromTheIdentity"
      effect  = "Allow"
      actions = ["ses:SendEmail", "ses:SendRawEmail"]
      # In the SES sandbox, SES also authorises against each verified recipient identity.
      resources = concat([aws_sesv2_email_identity.this.arn, aws_sesv2_configuration_set.this.arn], [for r in aws_sesv2_email_identity.sandbox_recipient : r.arn])

      condition {
        test     = "StringEquals"
        variable = "ses:FromAddress"
        values   = [var.mail_from]
      }
    }
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions

  name   = "${local.name}-${each.key}"
  role   = aws_iam_role.function[each.key].id
  policy = data.aws_iam_policy_document.function[each.key].json
}

# --- RDS Proxy: reads the two database users' secrets ------------------------------------------------------------------

data "aws_iam_policy_document" "db_proxy_assume" {
  statement {
    sid     = "RdsAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "db_proxy" {
  name               = "${local.name}-db-proxy"
  description        = "Guestpass RDS Proxy: reads the database users' credentials"
  assume_role_policy = data.aws_iam_policy_document.db_proxy_assume.json
}

data "aws_iam_policy_document" "db_proxy" {
  statement {
    sid     = "ReadDatabaseUserSecrets"
    effect  = "Allow"
    actions = ["secretsmanager:GetSecretValue"]
    resources = [
      aws_rds_cluster.this.master_user_secret[0].secret_arn,
      aws_secretsmanager_secret.db_app.arn,
    ]
  }

  statement {
    sid       = "DecryptDatabaseUserSecrets"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [local.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "db_proxy" {
  name   = "${local.name}-db-proxy"
  role   = aws_iam_role.db_proxy.id
  policy = data.aws_iam_policy_document.db_proxy.json
}

# --- EventBridge Scheduler: invokes the worker's live alias -----------------------------------------------------------

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    sid     = "SchedulerAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${local.name}-scheduler"
  description        = "Guestpass schedule: invokes the worker function"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeWorker"
    effect    = "Allow"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.live[local.worker].arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "${local.name}-scheduler"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}
