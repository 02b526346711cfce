# The functions: JVM (java21 + SnapStart) or native (provided.al2023 + bootstrap), the configuration contract of every
# function's environment, per-function settings, and the network they run in.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

run "the_jvm_build_runs_on_java21_with_snapstart" {
  command = plan

  assert {
    condition = alltrue([
      for fn in aws_lambda_function.this :
      fn.runtime == "java21" &&
      fn.handler == "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest" &&
      fn.snap_start[0].apply_on == "PublishedVersions" &&
      fn.publish
    ])
    error_message = "JVM functions: java21, the Quarkus stream handler, SnapStart on published versions."
  }

  assert {
    condition = alltrue([
      for f, fn in aws_lambda_function.this :
      fn.environment[0].variables.JAVA_TOOL_OPTIONS == (f == "signup" ? "-XX:+TieredCompilation" : "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")
    ])
    error_message = "C1 only (tiered compilation level 1) everywhere but the token-signing signup function, which needs C2 for RSA."
  }

  assert {
    condition     = alltrue([for fn in aws_lambda_function.this : fn.architectures == tolist(["arm64"])])
    error_message = "arm64 is the default architecture."
  }

  assert {
    condition     = length(aws_lambda_function.this) == 5 && alltrue([for f in ["invite", "redeem", "signup", "worker", "migrate"] : aws_lambda_function.this[f].function_name == "guestpass-${f}"])
    error_message = "One function per role."
  }

  assert {
    condition     = alltrue([for fn in aws_lambda_function.this : fn.source_code_hash == filebase64sha256("tests/fixtures/function.zip")])
    error_message = "Every function is built from the one artifact."
  }
}

run "native_switches_runtime_and_handler" {
  command = plan

  variables {
    native       = true
    architecture = "x86_64"
  }

  assert {
    condition = alltrue([
      for fn in aws_lambda_function.this :
      fn.runtime == "provided.al2023" && fn.handler == "bootstrap" && length(fn.snap_start) == 0 &&
      !contains(keys(fn.environment[0].variables), "JAVA_TOOL_OPTIONS")
    ])
    error_message = "Native functions: provided.al2023, handler bootstrap, no SnapStart, no JVM options."
  }

  assert {
    condition     = alltrue([for fn in aws_lambda_function.this : fn.architectures == tolist(["x86_64"])])
    error_message = "The architecture variable must reach every function."
  }
}

run "every_function_gets_the_configuration_contract" {
  command = plan

  # Each function's environment is exactly its role's settings in roles.json (the packaged-artifact tests start each
  # role with the same list), its secrets' references, and the runtime's options.
  assert {
    condition = alltrue([
      for f, fn in aws_lambda_function.this :
      toset(keys(fn.environment[0].variables)) == toset(concat(
        # the optional settings: only when the operator gives them (application client ids, a terms-of-use URL)
        [for p in jsondecode(file("roles.json"))[f].settings : upper(replace(p, "/[^a-zA-Z0-9]/", "_"))
        if(p != "guestpass.auth.application-client-ids" || length(var.application_client_ids) > 0) && (p != "guestpass.organization.terms-url" || var.organization_terms_url != null)],
        ["GUESTPASS_SECRETS_ARNS", "JAVA_TOOL_OPTIONS"],
      ))
    ])
    error_message = "A function's environment must hold exactly its role's settings of roles.json."
  }

  assert {
    condition = alltrue(flatten([
      for f, fn in aws_lambda_function.this : [
        for name, expected in {
          GUESTPASS_FUNCTION                        = f
          GUESTPASS_PUBLIC_BASE_URL                 = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
          GUESTPASS_DIRECTORY_ID                    = "2f0f3b7e-5c1a-4d8e-9b6f-0a1b2c3d4e5f"
          GUESTPASS_DIRECTORY_DOMAIN                = "contoso.example"
          GUESTPASS_ORGANIZATION_NAME               = "Contoso"
          GUESTPASS_ORGANIZATION_PRIVACY_URL        = "https://contoso.example/privacy"
          GUESTPASS_ORGANIZATION_TERMS_VERSION      = "2025-01"
          GUESTPASS_ORGANIZATION_REPORT_CONTACT     = "security@contoso.example"
          GUESTPASS_MAIL_FROM                       = "invitations@mail.contoso.example"
          GUESTPASS_MAIL_TRANSPORT                  = "ses"
          GUESTPASS_MAIL_SES_CONFIGURATION_SET      = "guestpass"
          QUARKUS_OIDC_AUTH_SERVER_URL              = "https://login.contoso.example/realms/staff"
          QUARKUS_OIDC_TOKEN_AUDIENCE               = "api://guestpass"
          GUESTPASS_AUTH_DIRECTORY_ROLES_CLAIM      = "directoryRoles"
          QUARKUS_OIDC_MSA_AUTH_SERVER_URL          = "https://login.microsoftonline.com/consumers/v2.0"
          QUARKUS_OIDC_MSA_CLIENT_ID                = "00000000-1111-2222-3333-444444444444"
          QUARKUS_DATASOURCE_REACTIVE_URL           = "postgresql://guestpass.proxy-c0ffee.eu-west-1.rds.amazonaws.com:5432/guestpass"
          GUESTPASS_DB_TLS                          = "verify-full"
          QUARKUS_DATASOURCE_JDBC_URL               = "jdbc:postgresql://guestpass.proxy-c0ffee.eu-west-1.rds.amazonaws.com:5432/guestpass"
          GUESTPASS_DB_IAM_AUTH                     = "true"
          QUARKUS_DATASOURCE_USERNAME               = f == "migrate" ? "guestpass_owner" : "guestpass_app"
          GUESTPASS_OIDC_ACCESS_TOKEN_LIFETIME      = "PT60M"
          GUESTPASS_OIDC_REFRESH_TOKEN_LIFETIME     = "P90D"
          GUESTPASS_OIDC_SPA_REFRESH_TOKEN_LIFETIME = "PT24H"
          GUESTPASS_OIDC_SSO_SESSION_LIFETIME       = "PT24H"
        } : lookup(fn.environment[0].variables, name, expected) == expected
      ]
    ]))
    error_message = "A setting has the wrong value (configuration.md)."
  }

  assert {
    condition = alltrue([
      for f, fn in aws_lambda_function.this : alltrue([
        for name in ["GUESTPASS_FUNCTION", "GUESTPASS_PUBLIC_BASE_URL", "GUESTPASS_DIRECTORY_ID", "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_USERNAME", "GUESTPASS_DB_IAM_AUTH"] :
        contains(keys(fn.environment[0].variables), name)
      ])
    ])
    error_message = "Every function needs its role, the public origin, the directory and the database."
  }

  assert {
    condition = (
      contains(keys(aws_lambda_function.this["migrate"].environment[0].variables), "QUARKUS_DATASOURCE_JDBC_URL") &&
      alltrue([for f in ["invite", "redeem", "worker"] : !contains(keys(aws_lambda_function.this[f].environment[0].variables), "QUARKUS_DATASOURCE_JDBC_URL")])
    )
    error_message = "Only migrate gets the JDBC URL (Flyway)."
  }

  assert {
    condition = (
      contains(keys(aws_lambda_function.this["redeem"].environment[0].variables), "QUARKUS_OIDC_MSA_CLIENT_ID") &&
      alltrue([for f in ["invite", "worker", "migrate"] : !contains(keys(aws_lambda_function.this[f].environment[0].variables), "QUARKUS_OIDC_MSA_CLIENT_ID")])
    )
    error_message = "Only redeem talks to Microsoft."
  }

  assert {
    condition = (
      contains(keys(aws_lambda_function.this["invite"].environment[0].variables), "QUARKUS_OIDC_AUTH_SERVER_URL") &&
      alltrue([for f in ["redeem", "worker", "migrate"] : !contains(keys(aws_lambda_function.this[f].environment[0].variables), "QUARKUS_OIDC_AUTH_SERVER_URL")])
    )
    error_message = "Only invite validates administrators' tokens."
  }

  assert {
    condition = alltrue([
      for f in ["invite", "worker"] : contains(keys(aws_lambda_function.this[f].environment[0].variables), "GUESTPASS_MAIL_FROM")
      ]) && alltrue([
      for f in ["redeem", "migrate"] : !contains(keys(aws_lambda_function.this[f].environment[0].variables), "GUESTPASS_MAIL_FROM")
    ])
    error_message = "Only the functions that send mail get the mail settings."
  }

  assert {
    condition = (
      aws_lambda_function.this["invite"].environment[0].variables.GUESTPASS_SECRETS_ARNS == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf?versionId=00000000-0000-0000-0000-000000000001" &&
      aws_lambda_function.this["worker"].environment[0].variables.GUESTPASS_SECRETS_ARNS == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf?versionId=00000000-0000-0000-0000-000000000001" &&
      aws_lambda_function.this["redeem"].environment[0].variables.GUESTPASS_SECRETS_ARNS == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf?versionId=00000000-0000-0000-0000-000000000001,arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/msa-AbCdEf?versionId=00000000-0000-0000-0000-000000000001,arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/msa-cookies-AbCdEf?versionId=00000000-0000-0000-0000-000000000001" &&
      aws_lambda_function.this["migrate"].environment[0].variables.GUESTPASS_SECRETS_ARNS == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/keys-AbCdEf?versionId=00000000-0000-0000-0000-000000000001,guestpass.db.app=arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/db/guestpass_app-AbCdEf?versionId=00000000-0000-0000-0000-000000000001"
    )
    error_message = "GUESTPASS_SECRETS_ARNS must list exactly each function's secrets, pinned to their current version, the database user's with the guestpass.db.app prefix."
  }
}

# A new secret version (written by Terraform or by an operator) changes the configuration of exactly the functions that
# read that secret, so the apply publishes new versions of them; only the version id is in the environment.
run "a_new_secret_version_publishes_new_versions_of_the_functions_that_read_it" {
  command = plan

  override_data {
    target          = data.aws_secretsmanager_secret_version.current["data_key"]
    override_during = plan
    values          = { version_id = "00000000-0000-0000-0000-000000000002" }
  }

  assert {
    condition = alltrue([
      for f in ["invite", "worker", "redeem", "migrate"] :
      strcontains(aws_lambda_function.this[f].environment[0].variables.GUESTPASS_SECRETS_ARNS, "guestpass/keys-AbCdEf?versionId=00000000-0000-0000-0000-000000000002")
    ])
    error_message = "A new data-key version must reach every function that reads the data key."
  }

  # every deployed function reads the data key (migrate seals the first signing key with it); its other secrets stay pinned
  assert {
    condition     = strcontains(aws_lambda_function.this["migrate"].environment[0].variables.GUESTPASS_SECRETS_ARNS, "guestpass.db.app=arn:aws:secretsmanager:eu-west-1:123456789012:secret:guestpass/db/guestpass_app-AbCdEf?versionId=00000000-0000-0000-0000-000000000001")
    error_message = "A secret that was not rotated stays pinned to its version."
  }

  assert {
    condition     = strcontains(aws_lambda_function.this["redeem"].environment[0].variables.GUESTPASS_SECRETS_ARNS, "guestpass/msa-AbCdEf?versionId=00000000-0000-0000-0000-000000000001")
    error_message = "The other secrets stay pinned to their own versions."
  }
}

run "function_settings_override_the_defaults" {
  command = plan

  variables {
    function_settings = {
      invite = { memory_size = 2048, reserved_concurrency = 10 }
    }
  }

  assert {
    condition = (
      aws_lambda_function.this["invite"].memory_size == 2048 &&
      aws_lambda_function.this["invite"].reserved_concurrent_executions == 10 &&
      aws_lambda_function.this["invite"].timeout == 30 &&
      aws_lambda_function.this["redeem"].memory_size == 1024 &&
      aws_lambda_function.this["redeem"].reserved_concurrent_executions == -1 &&
      aws_lambda_function.this["migrate"].timeout == 600
    )
    error_message = "Per-function settings override only what they name."
  }
}

run "an_unknown_function_in_settings_is_refused" {
  command = plan

  variables {
    function_settings = {
      billing = { memory_size = 512 }
    }
  }

  expect_failures = [aws_apigatewayv2_api.this]
}

run "an_existing_vpc_is_used_as_given" {
  command = plan

  variables {
    vpc_id             = "vpc-0a1b2c3d"
    private_subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }

  assert {
    condition     = length(aws_vpc.this) == 0 && length(aws_nat_gateway.this) == 0
    error_message = "No VPC is created when vpc_id is given."
  }

  assert {
    condition = alltrue([
      for fn in aws_lambda_function.this : toset(fn.vpc_config[0].subnet_ids) == toset(["subnet-0a1b2c3d", "subnet-4e5f6a7b"])
    ]) && toset(aws_db_proxy.this.vpc_subnet_ids) == toset(["subnet-0a1b2c3d", "subnet-4e5f6a7b"])
    error_message = "Functions and the proxy run in the given private subnets."
  }
}

run "a_created_vpc_has_private_subnets_behind_nat" {
  command = plan

  assert {
    condition     = length(aws_vpc.this) == 1 && length(aws_subnet.private) == 2 && length(aws_nat_gateway.this) == 1 && length(aws_route.private_nat) == 2
    error_message = "By default: one VPC, two private subnets, one shared NAT gateway."
  }
}

run "invalid_input_is_refused" {
  command = plan

  variables {
    directory_id = "not-a-uuid"
    architecture = "sparc"
  }

  expect_failures = [var.directory_id, var.architecture]
}

run "the_sender_must_be_at_the_mail_domain" {
  command = plan

  variables {
    mail_from = "invitations@elsewhere.example"
  }

  expect_failures = [aws_sesv2_email_identity.this]
}

run "dkim_records_are_published_as_cnames" {
  command = plan

  assert {
    condition = output.dkim_records == [
      { name = "tokenone._domainkey.mail.contoso.example", type = "CNAME", value = "tokenone.dkim.amazonses.com" },
      { name = "tokentwo._domainkey.mail.contoso.example", type = "CNAME", value = "tokentwo.dkim.amazonses.com" },
      { name = "tokenthree._domainkey.mail.contoso.example", type = "CNAME", value = "tokenthree.dkim.amazonses.com" },
    ]
    error_message = "The DKIM output must list the three Easy DKIM CNAME records."
  }
}

run "application_client_ids_reach_only_the_invite_function" {
  command = plan

  variables {
    application_client_ids = ["guestpass-automation", "reporting-job"]
  }

  assert {
    condition     = aws_lambda_function.this["invite"].environment[0].variables.GUESTPASS_AUTH_APPLICATION_CLIENT_IDS == "guestpass-automation,reporting-job"
    error_message = "The invite function recognises the listed clients' tokens as applications'."
  }

  assert {
    condition     = alltrue([for f in ["redeem", "worker", "migrate"] : !contains(keys(aws_lambda_function.this[f].environment[0].variables), "GUESTPASS_AUTH_APPLICATION_CLIENT_IDS")])
    error_message = "Only the invite function reads administrators' tokens."
  }
}

run "an_application_client_id_with_a_comma_is_refused" {
  command = plan

  variables {
    application_client_ids = ["one,two"]
  }

  expect_failures = [var.application_client_ids]
}

run "token_and_session_lifetimes_reach_the_functions_that_issue_them" {
  command = plan

  variables {
    access_token_lifetime      = "PT30M"
    refresh_token_lifetime     = "P14D"
    spa_refresh_token_lifetime = "PT12H"
    sso_session_lifetime       = "PT8H"
  }

  assert {
    condition = (
      aws_lambda_function.this["signup"].environment[0].variables.GUESTPASS_OIDC_ACCESS_TOKEN_LIFETIME == "PT30M" &&
      aws_lambda_function.this["signup"].environment[0].variables.GUESTPASS_OIDC_REFRESH_TOKEN_LIFETIME == "P14D" &&
      aws_lambda_function.this["signup"].environment[0].variables.GUESTPASS_OIDC_SPA_REFRESH_TOKEN_LIFETIME == "PT12H" &&
      aws_lambda_function.this["signup"].environment[0].variables.GUESTPASS_OIDC_SSO_SESSION_LIFETIME == "PT8H" &&
      aws_lambda_function.this["redeem"].environment[0].variables.GUESTPASS_OIDC_SSO_SESSION_LIFETIME == "PT8H"
    )
    error_message = "The signup function issues tokens and sessions, the redeem function sessions: both get the lifetimes."
  }

  assert {
    condition = alltrue([for f in ["invite", "worker", "migrate"] :
    !contains(keys(aws_lambda_function.this[f].environment[0].variables), "GUESTPASS_OIDC_SSO_SESSION_LIFETIME")])
    error_message = "Functions that issue no tokens or sessions get no lifetimes."
  }
}

run "lifetimes_are_refused_in_other_units" {
  command = plan

  variables {
    sso_session_lifetime  = "1 day"
    access_token_lifetime = "PT2M"
  }

  expect_failures = [var.sso_session_lifetime, var.access_token_lifetime]
}
