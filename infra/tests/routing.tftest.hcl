# The gateway routes exactly what routes.json says, to the function that owns each route, and nothing internal.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

# Distinct, realistic identities for what the routing assertions compare (the mock leaves them unknown at plan).
override_resource {
  target          = aws_apigatewayv2_integration.this["invite"]
  override_during = plan
  values          = { id = "int-invite" }
}

override_resource {
  target          = aws_apigatewayv2_integration.this["redeem"]
  override_during = plan
  values          = { id = "int-redeem" }
}

override_resource {
  target          = aws_apigatewayv2_integration.this["signup"]
  override_during = plan
  values          = { id = "int-signup" }
}

override_resource {
  target          = aws_lambda_alias.live["signup"]
  override_during = plan
  values = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:guestpass-signup:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:guestpass-signup:live/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["invite"]
  override_during = plan
  values = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:guestpass-invite:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:guestpass-invite:live/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["redeem"]
  override_during = plan
  values = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:guestpass-redeem:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:guestpass-redeem:live/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["worker"]
  override_during = plan
  values = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:guestpass-worker:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:guestpass-worker:live/invocations"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.api
  override_during = plan
  values          = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/guestpass" }
}

run "every_route_reaches_the_function_that_owns_it" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for f, keys in jsondecode(file("routes.json")) : [
        for r in keys : aws_apigatewayv2_route.this[r].target == "integrations/${aws_apigatewayv2_integration.this[f].id}"
      ]
    ]))
    error_message = "A route of routes.json does not target the integration of the function that owns it."
  }

  assert {
    condition     = length(aws_apigatewayv2_route.this) == length(flatten(values(jsondecode(file("routes.json")))))
    error_message = "The gateway has routes that routes.json does not list."
  }

  assert {
    condition     = alltrue([for f, i in aws_apigatewayv2_integration.this : i.integration_uri == aws_lambda_alias.live[f].invoke_arn])
    error_message = "An integration does not invoke the live alias of its own function."
  }

  assert {
    condition     = length(distinct([for i in aws_apigatewayv2_integration.this : i.integration_uri])) == length(aws_apigatewayv2_integration.this)
    error_message = "Two integrations reach the same function: a route would reach a function that does not own it."
  }

  assert {
    condition     = alltrue([for i in aws_apigatewayv2_integration.this : i.payload_format_version == "2.0" && i.integration_type == "AWS_PROXY"])
    error_message = "Integrations must be AWS_PROXY with payload format 2.0."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["ANY /v1.0/{proxy+}"].target == "integrations/${aws_apigatewayv2_integration.this["invite"].id}"
    error_message = "/v1.0/... must reach the invite function."
  }

  assert {
    condition = alltrue([
      for r in ["ANY /redeem", "ANY /redeem/{proxy+}"] :
      aws_apigatewayv2_route.this[r].target == "integrations/${aws_apigatewayv2_integration.this["redeem"].id}"
    ])
    error_message = "/redeem and /redeem/... must reach the redeem function."
  }

  assert {
    condition = alltrue([
      for r in ["ANY /signup", "ANY /signup/{proxy+}"] :
      aws_apigatewayv2_route.this[r].target == "integrations/${aws_apigatewayv2_integration.this["signup"].id}"
    ])
    error_message = "/signup and /signup/... (self-service sign-up, its back-end API and its Microsoft callback) must reach the sign-up function."
  }

  assert {
    condition = alltrue([
      for f, p in aws_lambda_permission.api :
      p.function_name == aws_lambda_function.this[f].function_name && p.qualifier == "live" && p.principal == "apigateway.amazonaws.com"
    ])
    error_message = "Each routed function must allow the gateway to invoke its live alias."
  }
}

run "cross_origin_preflights_reach_the_provider" {
  command = plan

  # the gateway has no CORS configuration of its own (it would answer every preflight for every route): the sign-up
  # function answers them, for the origins of registered single-page applications, on exactly the endpoints they call
  assert {
    condition = alltrue([
      for key in ["OPTIONS /{tenant}/v2.0/.well-known/openid-configuration", "OPTIONS /{tenant}/discovery/v2.0/keys",
      "ANY /{tenant}/oauth2/v2.0/{proxy+}", "ANY /{tenant}/openid/v2.0/userinfo"] :
      aws_apigatewayv2_route.this[key].target == "integrations/${aws_apigatewayv2_integration.this["signup"].id}"
    ])
    error_message = "Preflights (OPTIONS) of token, discovery, keys and userinfo must reach the sign-up function."
  }

  assert {
    condition     = length(aws_apigatewayv2_api.this.cors_configuration) == 0
    error_message = "The gateway must not answer CORS itself: it would allow origins the provider does not know."
  }

  assert {
    condition = alltrue([
      for key in keys(aws_apigatewayv2_route.this) : !startswith(key, "OPTIONS ") || contains(jsondecode(file("routes.json"))["signup"], key)
    ])
    error_message = "Only the provider's endpoints take preflights."
  }
}

run "nothing_internal_is_exposed" {
  command = plan

  assert {
    condition = alltrue([
      for r in keys(aws_apigatewayv2_route.this) :
      !strcontains(r, "/internal") && !strcontains(r, "/q/") && r != "$default"
    ])
    error_message = "The gateway routes /internal/..., /q/... or a $default catch-all."
  }

  assert {
    condition = alltrue([
      for f in ["worker", "migrate"] :
      !contains(keys(aws_apigatewayv2_integration.this), f) && !contains(keys(aws_lambda_permission.api), f)
    ])
    error_message = "worker and migrate must have no integration and no gateway permission."
  }

  assert {
    condition     = jsondecode(aws_scheduler_schedule.worker.target[0].input).rawPath == "/internal/worker/run"
    error_message = "The schedule must call POST /internal/worker/run directly."
  }

  assert {
    condition     = aws_scheduler_schedule.worker.target[0].arn == aws_lambda_alias.live["worker"].arn
    error_message = "The schedule must invoke the worker's live alias."
  }

  assert {
    condition     = aws_scheduler_schedule.worker.schedule_expression == "rate(1 minute)"
    error_message = "The worker runs every minute by default."
  }
}

run "the_stage_is_default_throttled_and_logged" {
  command = plan

  variables {
    throttling_burst_limit = 50
    throttling_rate_limit  = 20
  }

  assert {
    condition     = aws_apigatewayv2_stage.default.name == "$default" && aws_apigatewayv2_stage.default.auto_deploy
    error_message = "The stage must be $default (a named stage breaks Quarkus' path mapping)."
  }

  assert {
    condition = (
      aws_apigatewayv2_stage.default.default_route_settings[0].throttling_burst_limit == 50 &&
      aws_apigatewayv2_stage.default.default_route_settings[0].throttling_rate_limit == 20
    )
    error_message = "Default-route throttling must follow the variables."
  }

  assert {
    condition = (
      aws_apigatewayv2_stage.default.access_log_settings[0].destination_arn == aws_cloudwatch_log_group.api.arn &&
      can(jsondecode(aws_apigatewayv2_stage.default.access_log_settings[0].format).requestId)
    )
    error_message = "Access logs must go to the API's log group as JSON."
  }

  assert {
    condition     = aws_cloudwatch_log_group.api.retention_in_days == 30
    error_message = "The access log needs a retention."
  }
}

run "a_custom_domain_becomes_the_public_origin" {
  command = plan

  variables {
    custom_domain_name            = "id.contoso.example"
    custom_domain_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abcd"
  }

  assert {
    condition     = output.api_base_url == "https://id.contoso.example" && output.msa_redirect_uri == "https://id.contoso.example/redeem/callback"
    error_message = "With a custom domain, the base URL and redirect URI use it."
  }

  assert {
    condition     = output.msa_redirect_uris == ["https://id.contoso.example/redeem/callback", "https://id.contoso.example/signin/callback", "https://id.contoso.example/signup/callback"]
    error_message = "Every function that signs people in has its own redirect URI, and the operator is told all of them."
  }

  assert {
    condition     = startswith(output.openid_configuration_url, "https://id.contoso.example/") && endswith(output.openid_configuration_url, "/v2.0/.well-known/openid-configuration")
    error_message = "The discovery URL of the OpenID Connect provider is under the public origin and the directory id."
  }

  assert {
    condition = alltrue([for key in ["ANY /signin/{proxy+}", "ANY /{tenant}/oauth2/v2.0/{proxy+}", "GET /{tenant}/discovery/v2.0/keys"] :
    aws_apigatewayv2_route.this[key].target == "integrations/${aws_apigatewayv2_integration.this["signup"].id}"])
    error_message = "The OpenID Connect provider's routes go to the sign-up function."
  }

  assert {
    condition     = alltrue([for fn in aws_lambda_function.this : fn.environment[0].variables.GUESTPASS_PUBLIC_BASE_URL == "https://id.contoso.example"])
    error_message = "Every function must build its URLs from the custom domain."
  }

  assert {
    condition     = aws_apigatewayv2_api_mapping.this[0].stage == aws_apigatewayv2_stage.default.id
    error_message = "The custom domain must map to the $default stage."
  }

  assert {
    condition     = aws_apigatewayv2_api.this.disable_execute_api_endpoint
    error_message = "With a custom domain the execute-api endpoint is off: it would be a second origin the functions do not build URLs for."
  }
}

run "the_execute_api_endpoint_can_stay_on_beside_a_custom_domain_deliberately" {
  command = plan

  variables {
    custom_domain_name            = "id.contoso.example"
    custom_domain_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abcd"
    disable_execute_api_endpoint  = false
  }

  assert {
    condition     = !aws_apigatewayv2_api.this.disable_execute_api_endpoint
    error_message = "disable_execute_api_endpoint = false keeps the endpoint on."
  }
}

run "without_a_custom_domain_the_invoke_url_is_the_origin" {
  command = plan

  assert {
    condition     = output.api_base_url == "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
    error_message = "Without a custom domain, the base URL is the API's invoke URL without a trailing slash."
  }

  assert {
    condition     = output.msa_redirect_uri == "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/redeem/callback"
    error_message = "The redirect URI must be <base>/redeem/callback."
  }

  assert {
    condition     = !aws_apigatewayv2_api.this.disable_execute_api_endpoint
    error_message = "Without a custom domain the execute-api endpoint is the API's only origin and stays on."
  }
}
