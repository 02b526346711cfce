# A VPC with private subnets behind NAT (the functions need egress to Microsoft's sign-in endpoints, SES and Secrets
# Manager), unless an existing VPC and its private subnets are given.

locals {
  create_vpc         = var.vpc_id == null
  vpc_id             = local.create_vpc ? aws_vpc.this[0].id : var.vpc_id
  private_subnet_ids = local.create_vpc ? aws_subnet.private[*].id : var.private_subnet_ids
  zones              = local.create_vpc ? slice(data.aws_availability_zones.available[0].names, 0, var.availability_zone_count) : []
  nat_count          = local.create_vpc ? (var.nat_gateway_per_zone ? var.availability_zone_count : 1) : 0
}

data "aws_availability_zones" "available" {
  count = local.create_vpc ? 1 : 0
  state = "available"
}

resource "aws_vpc" "this" {
  count = local.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = local.name }

  lifecycle {
    precondition {
      condition     = length(var.private_subnet_ids) == 0
      error_message = "private_subnet_ids are only used with vpc_id; set both or neither."
    }
  }
}

# No rules: nothing may use the default security group by accident.
resource "aws_default_security_group" "this" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
  tags   = { Name = "${local.name}-default-unused" }
}

resource "aws_internet_gateway" "this" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
  tags   = { Name = local.name }
}

resource "aws_subnet" "public" {
  count = local.create_vpc ? var.availability_zone_count : 0

  vpc_id            = aws_vpc.this[0].id
  availability_zone = local.zones[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)

  tags = { Name = "${local.name}-public-${local.zones[count.index]}" }
}

resource "aws_subnet" "private" {
  count = local.create_vpc ? var.availability_zone_count : 0

  vpc_id            = aws_vpc.this[0].id
  availability_zone = local.zones[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index + 8)

  tags = { Name = "${local.name}-private-${local.zones[count.index]}" }
}

resource "aws_eip" "nat" {
  count  = local.nat_count
  domain = "vpc"
  tags   = { Name = "${local.name}-nat-${count.index}" }
}

resource "aws_nat_gateway" "this" {
  count = local.nat_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = { Name = "${local.name}-${count.index}" }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
  tags   = { Name = "${local.name}-public" }
}

resource "aws_route" "public_internet" {
  count = local.create_vpc ? 1 : 0

  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}

resource "aws_route_table_association" "public" {
  count = local.create_vpc ? var.availability_zone_count : 0

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_route_table" "private" {
  count  = local.create_vpc ? var.availability_zone_count : 0
  vpc_id = aws_vpc.this[0].id
  tags   = { Name = "${local.name}-private-${local.zones[count.index]}" }
}

resource "aws_route" "private_nat" {
  count = local.create_vpc ? var.availability_zone_count : 0

  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[var.nat_gateway_per_zone ? count.index : 0].id
}

resource "aws_route_table_association" "private" {
  count = local.create_vpc ? var.availability_zone_count : 0

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# --- Security groups: functions -> proxy -> database, each hop on 5432 only --------------------------------------------

resource "aws_security_group" "function" {
  name        = "${local.name}-function"
  description = "Guestpass functions: HTTPS out, PostgreSQL to the RDS Proxy"
  vpc_id      = local.vpc_id

  lifecycle {
    precondition {
      condition     = local.create_vpc || length(var.private_subnet_ids) >= 2
      error_message = "With vpc_id, give at least two private_subnet_ids in different availability zones."
    }
  }
}

resource "aws_vpc_security_group_egress_rule" "function_https" {
  security_group_id = aws_security_group.function.id
  description       = "Microsoft sign-in, SES, Secrets Manager, the administrators' token issuer"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "function_proxy" {
  security_group_id            = aws_security_group.function.id
  description                  = "PostgreSQL through the RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.proxy.id
}

resource "aws_security_group" "proxy" {
  name        = "${local.name}-db-proxy"
  description = "Guestpass RDS Proxy: PostgreSQL from the functions to the database"
  vpc_id      = local.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_function" {
  security_group_id            = aws_security_group.proxy.id
  description                  = "PostgreSQL from the functions"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.function.id
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_db" {
  security_group_id            = aws_security_group.proxy.id
  description                  = "PostgreSQL to the Aurora cluster"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}

resource "aws_security_group" "db" {
  name        = "${local.name}-db"
  description = "Guestpass Aurora cluster: PostgreSQL from the RDS Proxy only"
  vpc_id      = local.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_proxy" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.proxy.id
}

resource "aws_vpc_security_group_egress_rule" "proxy_https" {
  security_group_id = aws_security_group.proxy.id
  description       = "Secrets Manager and KMS (the proxy reads the database users' credentials)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
