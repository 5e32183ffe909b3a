# The consumer end: an interface endpoint per candidate path in the consumer VPC (one deployment
# per environment), and the prober as an ECS Fargate service whose task role may only put metric
# data in its namespace and publish to its SNS topic (and, with discovery on, list VPC endpoints).

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

data "aws_region" "current" {}

resource "aws_ecs_cluster" "this" {
  count = var.ecs_cluster_arn == "" ? 1 : 0
  name  = var.name
  tags  = var.tags
}

locals {
  cluster_arn = var.ecs_cluster_arn == "" ? aws_ecs_cluster.this[0].arn : var.ecs_cluster_arn
  # discovery looks only in these VPCs; by default the one this module runs in
  discovery_vpc_ids = length(var.discovery_vpc_ids) > 0 ? var.discovery_vpc_ids : [var.vpc_id]
  # pathwatch.paths as Spring Boot reads it from SPRING_APPLICATION_JSON
  paths = concat(
    [for name, svc in var.endpoint_services : {
      name   = name
      target = "${aws_vpc_endpoint.path[name].dns_entry[0].dns_name}:${var.responder_port}"
      tags   = { via = "privatelink", "endpoint-region" = svc.service_region, destination = svc.destination }
    }],
    [for name, p in var.extra_paths : {
      name   = name
      target = p.target
      tags   = { via = p.via, destination = p.destination }
    }],
  )
}

resource "aws_security_group" "prober" {
  name        = "${var.name}-prober"
  description = "pathwatch prober: out to the endpoints and AWS APIs"
  vpc_id      = var.vpc_id
  tags        = var.tags

  egress {
    description = "endpoints, CloudWatch, SNS, image pulls"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "endpoints" {
  name        = "${var.name}-endpoints"
  description = "pathwatch interface endpoints: the responder port from the prober"
  vpc_id      = var.vpc_id
  tags        = var.tags

  ingress {
    description     = "prober to responder"
    from_port       = var.responder_port
    to_port         = var.responder_port
    protocol        = "tcp"
    security_groups = [aws_security_group.prober.id]
  }
}

resource "aws_vpc_endpoint" "path" {
  for_each            = var.endpoint_services
  vpc_id              = var.vpc_id
  service_name        = each.value.service_name
  service_region      = each.value.service_region == data.aws_region.current.region ? null : each.value.service_region
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = false
  tags                = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_cloudwatch_log_group" "prober" {
  name              = "/pathwatch/${var.name}/prober"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# What pathwatch itself may do: put metric data in its namespace, publish to its topic. Nothing else.
data "aws_iam_policy_document" "task" {
  statement {
    sid       = "PutMetricDataInItsNamespace"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [var.namespace]
    }
  }

  statement {
    sid       = "PublishAlerts"
    actions   = ["sns:Publish"]
    resources = [var.sns_topic_arn]
  }
}

# Discovery (pathwatch.discovery.aws.vpc-endpoints) lists the VPC endpoints: one read-only action, only when it is on.
# DescribeVpcEndpoints supports no resource-level permissions or condition keys, so the resource must be "*".
data "aws_iam_policy_document" "discovery" {
  count = var.discovery_enabled ? 1 : 0

  statement {
    sid       = "DiscoverVpcEndpoints"
    actions   = ["ec2:DescribeVpcEndpoints"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-prober-task"
  assume_role_policy = module.execution_role.ecs_tasks_assume_policy
  tags               = var.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "pathwatch"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

resource "aws_iam_role_policy" "discovery" {
  count  = var.discovery_enabled ? 1 : 0
  name   = "pathwatch-discovery"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.discovery[0].json
}

module "execution_role" {
  source          = "../execution-role"
  name            = "${var.name}-prober-execution"
  auth_secret_arn = var.auth_secret_arn
  tags            = var.tags
}

resource "aws_ecs_task_definition" "prober" {
  family                   = "${var.name}-prober"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = module.execution_role.arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = var.tags

  container_definitions = jsonencode([{
    name         = "pathwatch"
    image        = var.image
    essential    = true
    stopTimeout  = 20
    portMappings = [{ containerPort = 8080 }]
    environment = concat([
      { name = "PATHWATCH_AGENT_NAME", value = var.name },
      { name = "PATHWATCH_RESPONDER_ENABLED", value = "false" },
      { name = "PATHWATCH_CLOUDWATCH_ENABLED", value = "true" },
      { name = "PATHWATCH_CLOUDWATCH_NAMESPACE", value = var.namespace },
      { name = "PATHWATCH_CLOUDWATCH_REGION", value = data.aws_region.current.region },
      { name = "PATHWATCH_ALERTS_SNS_TOPIC_ARN", value = var.sns_topic_arn },
      { name = "SPRING_APPLICATION_JSON", value = jsonencode({ pathwatch = { paths = local.paths } }) },
      ], var.discovery_enabled ? [
      { name = "PATHWATCH_DISCOVERY_AWS_VPC_ENDPOINTS_ENABLED", value = "true" },
      # Fargate has no instance metadata: without the VPC id discovery would find nothing (it fails closed)
      { name = "PATHWATCH_DISCOVERY_AWS_VPC_IDS", value = join(",", local.discovery_vpc_ids) },
      { name = "PATHWATCH_DISCOVERY_AWS_REGION", value = data.aws_region.current.region },
    ] : [])
    secrets = [{ name = "PATHWATCH_AUTH_SECRET", valueFrom = var.auth_secret_arn }]
    healthCheck = {
      command     = ["CMD-SHELL", "curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1"]
      interval    = 15
      timeout     = 3
      retries     = 3
      startPeriod = 60
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.prober.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = "prober"
      }
    }
  }])
}

# One prober per environment: two would measure the same paths twice and double the metrics bill.
resource "aws_ecs_service" "prober" {
  name            = "${var.name}-prober"
  cluster         = local.cluster_arn
  task_definition = aws_ecs_task_definition.prober.arn
  desired_count   = 1
  launch_type     = "FARGATE"
  tags            = var.tags

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.prober.id]
    assign_public_ip = false
  }
}
