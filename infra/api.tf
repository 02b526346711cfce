# One HTTP API, $default stage (a named stage would prefix every path and break Quarkus' path mapping), routes from
# routes.json to the "live" alias of the function that owns them. Internal routes are never routed.

# With a custom domain the functions build every URL from it (public_base_url), and the execute-api endpoint would be a
# second way in that bypasses the domain: it is off unless disable_execute_api_endpoint = false says otherwise.
locals {
  disable_execute_api_endpoint = coalesce(var.disable_execute_api_endpoint, var.custom_domain_name != null)
}

resource "aws_apigatewayv2_api" "this" {
  name                         = local.name
  description                  = "Guestpass ${local.name}"
  protocol_type                = "HTTP"
  disable_execute_api_endpoint = local.disable_execute_api_endpoint

  lifecycle {
    precondition {
      condition = alltrue([
        for r, f in local.route_owner :
        !strcontains(r, "/internal") && !strcontains(r, "/q/") && !endswith(r, "/q") && r != "$default" && !contains([local.migrate, local.worker], f)
      ])
      error_message = "routes.json must not route /internal/..., /q/..., $default, or anything to the worker or migrate functions."
    }
    precondition {
      condition     = length(local.route_owner) == length(flatten(values(local.routes)))
      error_message = "A route key appears more than once in routes.json; every route belongs to exactly one function."
    }
    precondition {
      condition     = contains(keys(local.routes), local.migrate) && contains(keys(local.routes), local.worker)
      error_message = "routes.json must list the migrate and worker functions (with no routes)."
    }
    precondition {
      condition     = alltrue([for f in keys(local.routes) : contains(keys(local.roles), f)])
      error_message = "Every function of routes.json needs its settings and secrets in roles.json."
    }
    precondition {
      condition     = alltrue([for f in keys(var.function_settings) : contains(keys(local.routes), f)])
      error_message = "function_settings names a function that routes.json does not define."
    }
    precondition {
      condition     = alltrue([for f in keys(local.routes) : can(regex("^[a-z][a-z0-9]{1,15}$", f))])
      error_message = "Function names in routes.json must be 2-16 lower-case letters and digits."
    }
    precondition {
      condition     = !local.disable_execute_api_endpoint || var.custom_domain_name != null
      error_message = "disable_execute_api_endpoint needs a custom_domain_name, or the API has no endpoint at all."
    }
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/apigateway/${local.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = true
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      ip                 = "$context.identity.sourceIp"
      userAgent          = "$context.identity.userAgent"
      httpMethod         = "$context.httpMethod"
      path               = "$context.path"
      routeKey           = "$context.routeKey"
      protocol           = "$context.protocol"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationStatus  = "$context.integrationStatus"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
      errorMessage       = "$context.error.message"
    })
  }
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = local.routed

  api_id                 = aws_apigatewayv2_api.this.id
  description            = "Guestpass ${each.key} (alias live)"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_alias.live[each.key].invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_route" "this" {
  for_each = local.route_owner

  api_id    = aws_apigatewayv2_api.this.id
  route_key = each.key
  target    = "integrations/${aws_apigatewayv2_integration.this[each.value].id}"
}

resource "aws_lambda_permission" "api" {
  for_each = local.routed

  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  function_name = aws_lambda_function.this[each.key].function_name
  qualifier     = aws_lambda_alias.live[each.key].name
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}

# --- Optional custom domain ------------------------------------------------------------------------------------------

resource "aws_apigatewayv2_domain_name" "this" {
  count = var.custom_domain_name == null ? 0 : 1

  domain_name = var.custom_domain_name

  domain_name_configuration {
    certificate_arn = var.custom_domain_certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }

  lifecycle {
    precondition {
      condition     = var.custom_domain_certificate_arn != null
      error_message = "custom_domain_name needs custom_domain_certificate_arn (an issued ACM certificate in this region)."
    }
  }
}

resource "aws_apigatewayv2_api_mapping" "this" {
  count = var.custom_domain_name == null ? 0 : 1

  api_id      = aws_apigatewayv2_api.this.id
  domain_name = aws_apigatewayv2_domain_name.this[0].id
  stage       = aws_apigatewayv2_stage.default.id
}

resource "aws_route53_record" "api" {
  count = var.custom_domain_name != null && var.custom_domain_route53_zone_id != null ? 1 : 0

  zone_id = var.custom_domain_route53_zone_id
  name    = var.custom_domain_name
  type    = "A"

  alias {
    name                   = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    zone_id                = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
    evaluate_target_health = false
  }
}
