# The provider end: the pathwatch responder on ECS Fargate behind an internal NLB, exposed as a
# VPC endpoint service. Place it in any candidate region by passing that region's provider.

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
}

resource "aws_cloudwatch_log_group" "responder" {
  name              = "/pathwatch/${var.name}/responder"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_security_group" "responder" {
  name        = "${var.name}-responder"
  description = "pathwatch responder: the responder port from the VPC (NLB, PrivateLink); health port for the NLB"
  vpc_id      = var.vpc_id
  tags        = var.tags

  ingress {
    description = "responder"
    from_port   = var.responder_port
    to_port     = var.responder_port
    protocol    = "tcp"
    cidr_blocks = var.vpc_cidr_blocks
  }

  ingress {
    description = "readiness for the NLB health check"
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = var.vpc_cidr_blocks
  }

  egress {
    description = "image pulls, logs, secrets"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "responder" {
  name                             = "${var.name}-nlb"
  load_balancer_type               = "network"
  internal                         = true
  subnets                          = var.subnet_ids
  enable_cross_zone_load_balancing = true
  tags                             = var.tags
}

resource "aws_lb_target_group" "responder" {
  name                 = "${var.name}-responder"
  port                 = var.responder_port
  protocol             = "TCP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 10
  proxy_protocol_v2    = var.proxy_protocol # and pathwatch.responder.proxy-protocol on the tasks, below
  tags                 = var.tags

  health_check {
    protocol = "HTTP"
    port     = "8080"
    path     = "/actuator/health/readiness"
  }
}

resource "aws_lb_listener" "responder" {
  load_balancer_arn = aws_lb.responder.arn
  port              = var.responder_port
  protocol          = "TCP"
  tags              = var.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.responder.arn
  }
}

resource "aws_vpc_endpoint_service" "responder" {
  acceptance_required        = var.acceptance_required
  network_load_balancer_arns = [aws_lb.responder.arn]
  allowed_principals         = var.allowed_principals
  supported_regions          = var.supported_regions
  tags                       = merge(var.tags, { Name = "${var.name}-responder" })
}

# The responder itself calls no AWS API, so its task has no role; only the execution role reads the secret.
module "execution_role" {
  source          = "../execution-role"
  name            = "${var.name}-responder-execution"
  auth_secret_arn = var.auth_secret_arn
  tags            = var.tags
}

resource "aws_ecs_task_definition" "responder" {
  family                   = "${var.name}-responder"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = module.execution_role.arn
  tags                     = var.tags

  container_definitions = jsonencode([{
    name         = "pathwatch"
    image        = var.image
    essential    = true
    stopTimeout  = 20
    portMappings = [{ containerPort = var.responder_port }, { containerPort = 8080 }]
    environment = concat([
      { name = "PATHWATCH_AGENT_NAME", value = "${var.name}-responder" },
      { name = "PATHWATCH_RESPONDER_PORT", value = tostring(var.responder_port) },
      { name = "PATHWATCH_DEMO_ENABLED", value = "false" },
      { name = "PATHWATCH_RESPONDER_PROXYPROTOCOL", value = var.proxy_protocol ? "v2" : "off" },
      ], var.proxy_protocol ? [
      # only the NLB (in these subnets) may name clients in a PROXY header
      { name = "PATHWATCH_RESPONDER_PROXYTRUSTEDFROM", value = join(",", [for s in data.aws_subnet.nlb : s.cidr_block]) },
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
        awslogs-group         = aws_cloudwatch_log_group.responder.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = "responder"
      }
    }
  }])
}

resource "aws_ecs_service" "responder" {
  name            = "${var.name}-responder"
  cluster         = local.cluster_arn
  task_definition = aws_ecs_task_definition.responder.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"
  tags            = var.tags

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.responder.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.responder.arn
    container_name   = "pathwatch"
    container_port   = var.responder_port
  }

  depends_on = [aws_lb_listener.responder]
}

# The subnets' address blocks: the NLB's private addresses, the only peers allowed to send a PROXY header.
data "aws_subnet" "nlb" {
  for_each = toset(var.subnet_ids)
  id       = each.value
}
