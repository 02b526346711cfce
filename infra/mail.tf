# SES: a domain identity with Easy DKIM, and a configuration set that publishes bounces and complaints. Functions send
# through the SES v2 API with their own IAM role (no SMTP credentials, no access keys).

resource "aws_sesv2_configuration_set" "this" {
  configuration_set_name = local.name

  reputation_options {
    reputation_metrics_enabled = true
  }

  sending_options {
    sending_enabled = true
  }

  # Never mail an address again that bounced or complained.
  suppression_options {
    suppressed_reasons = ["BOUNCE", "COMPLAINT"]
  }

  delivery_options {
    tls_policy = "OPTIONAL"
  }
}

resource "aws_sesv2_configuration_set_event_destination" "cloudwatch" {
  configuration_set_name = aws_sesv2_configuration_set.this.configuration_set_name
  event_destination_name = "bounces-and-complaints"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT", "REJECT", "DELIVERY_DELAY"]

    cloud_watch_destination {
      dimension_configuration {
        dimension_name          = "Deployment"
        dimension_value_source  = "MESSAGE_TAG"
        default_dimension_value = local.name
      }
    }
  }
}

resource "aws_sesv2_email_identity" "this" {
  email_identity         = var.mail_domain
  configuration_set_name = aws_sesv2_configuration_set.this.configuration_set_name

  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }

  lifecycle {
    precondition {
      condition     = endswith(lower(var.mail_from), "@${var.mail_domain}")
      error_message = "mail_from must be an address at mail_domain."
    }
  }
}

locals {
  dkim_records = [
    for token in aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens : {
      name  = "${token}._domainkey.${var.mail_domain}"
      type  = "CNAME"
      value = "${token}.dkim.amazonses.com"
    }
  ]
}

resource "aws_route53_record" "dkim" {
  count = var.mail_route53_zone_id == null ? 0 : 3 # Easy DKIM always issues three tokens

  zone_id = var.mail_route53_zone_id
  name    = "${aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens[count.index]}._domainkey.${var.mail_domain}"
  type    = "CNAME"
  ttl     = 1800
  records = ["${aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens[count.index]}.dkim.amazonses.com"]
}

# Sandbox only: verified recipients (SES sends each a verification link).
resource "aws_sesv2_email_identity" "sandbox_recipient" {
  for_each = toset(var.ses_sandbox_recipients)

  email_identity = each.value
}
