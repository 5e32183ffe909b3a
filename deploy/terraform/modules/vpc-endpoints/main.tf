# What tasks in private subnets without NAT need to reach AWS: an interface endpoint per API
# (private DNS on, so the SDKs' and the ECS agent's default names resolve to it) and the S3 gateway
# endpoint ECR's image layers come from. Leave this module out where the subnets route through a NAT.

terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.83, < 7"
    }
  }
}

data "aws_region" "current" {}

resource "aws_security_group" "endpoints" {
  name_prefix = "${var.name}-aws-apis-"
  description = "pathwatch: HTTPS from the tasks to the AWS API endpoints"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-aws-apis" })

  ingress {
    description     = "HTTPS from the pathwatch tasks"
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = var.client_security_group_ids
    # tasks of other deployments in the same subnets share these endpoints (one private DNS per service and VPC)
    cidr_blocks = var.client_cidr_blocks
  }

  # replaced before the old one goes, which waits for the ENIs it is attached to
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(var.interface_services)
  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.id}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
  tags                = merge(var.tags, { Name = "${var.name}-${each.value}" })
}

# image layers: ECR serves them from S3
resource "aws_vpc_endpoint" "s3" {
  count             = length(var.route_table_ids) > 0 ? 1 : 0
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${data.aws_region.current.id}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.route_table_ids
  tags              = merge(var.tags, { Name = "${var.name}-s3" })
}
