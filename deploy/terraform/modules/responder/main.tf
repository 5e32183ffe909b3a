# The provider end, in one of two layouts:
# - own NLB (default): the responder on ECS Fargate behind a new internal NLB, exposed as a VPC
#   endpoint service. Measures PrivateLink up to this VPC.
# - existing NLB (var.existing_nlb): a listener and an IP target group on the feed's own NLB,
#   whose targets are responders running beside the feed's source (reached over the Transit
#   Gateway, e.g. the systemd unit on a host there). The probes then ride exactly the feed's path,
#   through the feed's own endpoint service; nothing else is created.
# Place it in any region by passing that region's provider (the provider account's).

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
data "aws_partition" "current" {}

locals {
  own    = var.existing_nlb == null
  region = data.aws_region.current.id
  # <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]
  image_parts    = try(regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/([^:@]+)", var.image), ["", "", "", ""])
  repository_arn = "arn:${data.aws_partition.current.partition}:ecr:${local.image_parts[1]}:${local.image_parts[0]}:repository/${local.image_parts[3]}"
  # heap 50 %, Netty's direct memory an eighth, metaspace 128 MiB: with threads and code cache it stays inside the task
  java_tool_options = "-XX:+UseG1GC -XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=64m -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError -XX:MaxTenuringThreshold=1"
  secrets = concat(
    [{ name = "PATHWATCH_AUTH_SECRET", valueFrom = var.auth_secret_arn }],
    var.previous_auth_secret_arn == "" ? [] : [{ name = "PATHWATCH_AUTH_PREVIOUSSECRET", valueFrom = var.previous_auth_secret_arn }],
    var.api_token_secret_arn == "" ? [] : [{ name = "PATHWATCH_API_TOKEN", valueFrom = var.api_token_secret_arn }],
  )
  # AWS rejects a supported_regions list without the service's own region, and reads it back with
  # it (hashicorp/terraform-provider-aws#40667): always name it, first
  supported_regions = length(var.supported_regions) == 0 ? [] : distinct(concat([local.region], var.supported_regions))
}

resource "aws_ecs_cluster" "this" {
  count = local.own && var.ecs_cluster_arn == "" ? 1 : 0
  name  = var.name
  tags  = var.tags
}

resource "aws_cloudwatch_log_group" "responder" {
  count             = local.own ? 1 : 0
  name              = "/pathwatch/${var.name}/responder"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_security_group" "responder" {
  count = local.own ? 1 : 0
  # a prefix, and the new group before the old goes: a replaced group would wait on the tasks' ENIs
  name_prefix = "${var.name}-responder-"
  description = "pathwatch responder: the responder port (and readiness without PROXY v2) from the NLB's subnets"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-responder" })

  # PrivateLink traffic and health checks arrive from the NLB's private addresses
  ingress {
    description = "responder"
    from_port   = var.responder_port
    to_port     = var.responder_port
    protocol    = "tcp"
    cidr_blocks = var.nlb_cidr_blocks
  }

  # with PROXY v2 the health check is TCP on the responder port (below): 8080 stays closed
  dynamic "ingress" {
    for_each = var.proxy_protocol ? [] : [8080]
    content {
      description = "readiness for the NLB health check"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = var.nlb_cidr_blocks
    }
  }

  egress {
    description = "image pulls, logs, secrets (VPC endpoints or NAT)"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb" "responder" {
  count                            = local.own ? 1 : 0
  name                             = "${var.name}-nlb"
  load_balancer_type               = "network"
  internal                         = true
  subnets                          = var.subnet_ids
  enable_cross_zone_load_balancing = true
  tags                             = var.tags
}

# The same target group in both layouts: IP targets on the responder port, PROXY protocol v2.
# With PROXY v2 the NLB sends a header on health-check connections too (a LOCAL one, no client);
# Tomcat on 8080 would answer it with 400 and every target would be unhealthy, so the check is
# TCP on the responder port, which accepts LOCAL from the NLB's addresses (proxy-trusted-from).
# Without PROXY v2: the HTTP readiness check on 8080.
resource "aws_lb_target_group" "responder" {
  name                 = "${var.name}-rsp"
  port                 = var.responder_port
  protocol             = "TCP"
  target_type          = "ip"
  vpc_id               = local.own ? var.vpc_id : var.existing_nlb.vpc_id
  deregistration_delay = 10
  proxy_protocol_v2    = var.proxy_protocol # and pathwatch.responder.proxy-protocol=v2 on the responders
  tags                 = var.tags

  health_check {
    protocol = var.proxy_protocol ? "TCP" : "HTTP"
    port     = var.proxy_protocol ? "traffic-port" : "8080"
    path     = var.proxy_protocol ? null : "/actuator/health/readiness"
  }
}

resource "aws_lb_listener" "responder" {
  load_balancer_arn = local.own ? aws_lb.responder[0].arn : var.existing_nlb.arn
  port              = var.responder_port
  protocol          = "TCP"
  tags              = var.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.responder.arn
  }
}

# existing NLB: the responders beside the feed's source are outside the NLB's VPC (over the TGW)
resource "aws_lb_target_group_attachment" "beside_the_source" {
  for_each          = local.own ? toset([]) : toset(var.existing_nlb.target_ips)
  target_group_arn  = aws_lb_target_group.responder.arn
  target_id         = each.value
  port              = var.responder_port
  availability_zone = "all"
}

resource "aws_vpc_endpoint_service" "responder" {
  count                      = local.own ? 1 : 0
  acceptance_required        = var.acceptance_required
  network_load_balancer_arns = [aws_lb.responder[0].arn]
  allowed_principals         = var.allowed_principals
  supported_regions          = local.supported_regions
  tags                       = merge(var.tags, { Name = "${var.name}-responder" })
}

# Accept the consumers' endpoints by id, once they exist (acceptance_required).
resource "aws_vpc_endpoint_connection_accepter" "consumer" {
  for_each                = local.own ? toset(var.accepted_endpoint_ids) : toset([])
  vpc_endpoint_service_id = aws_vpc_endpoint_service.responder[0].id
  vpc_endpoint_id         = each.value
}

# The responder calls no AWS API, so its task has no role; only the execution role reads the secrets.
module "execution_role" {
  count           = local.own ? 1 : 0
  source          = "../execution-role"
  name            = "${var.name}-responder-exec"
  repository_arns = [local.repository_arn]
  log_group_arn   = "arn:${data.aws_partition.current.partition}:logs:${local.region}:${var.account_id}:log-group:${aws_cloudwatch_log_group.responder[0].name}"
  secret_arns     = [for s in local.secrets : s.valueFrom]
  kms_key_arn     = var.kms_key_arn
  tags            = var.tags
}

resource "aws_ecs_task_definition" "responder" {
  count                    = local.own ? 1 : 0
  family                   = "${var.name}-responder"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = module.execution_role[0].arn
  tags                     = var.tags

  container_definitions = jsonencode([{
    name         = "pathwatch"
    image        = var.image
    essential    = true
    stopTimeout  = 20
    portMappings = [{ containerPort = var.responder_port }, { containerPort = 8080 }]
    environment = concat([
      { name = "JAVA_TOOL_OPTIONS", value = local.java_tool_options },
      { name = "PATHWATCH_AGENT_NAME", value = "${var.name}-responder" },
      { name = "PATHWATCH_RESPONDER_PORT", value = tostring(var.responder_port) },
      { name = "PATHWATCH_DEMO_ENABLED", value = "false" },
      { name = "PATHWATCH_RESPONDER_PROXYPROTOCOL", value = var.proxy_protocol ? "v2" : "off" },
      ], var.proxy_protocol ? [
      # only the NLB (its private addresses in these subnets) may name clients in a PROXY header
      { name = "PATHWATCH_RESPONDER_PROXYTRUSTEDFROM", value = join(",", var.nlb_cidr_blocks) },
    ] : [])
    secrets = local.secrets
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
        awslogs-group         = aws_cloudwatch_log_group.responder[0].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "responder"
      }
    }
  }])

  lifecycle {
    precondition {
      condition     = var.account_id != "" && var.auth_secret_arn != "" && length(var.subnet_ids) > 0 && length(var.nlb_cidr_blocks) > 0
      error_message = "The own-NLB layout needs account_id, auth_secret_arn, subnet_ids and nlb_cidr_blocks."
    }
    precondition {
      condition     = local.image_parts[1] == local.region
      error_message = "var.image must be an ECR repository in this region (${local.region}): push or replicate the image here (deploy/README.md, \"The image in each region\")."
    }
  }
}

# Responders may overlap during a deployment (they publish nothing, and the NLB spreads
# connections): keep half answering, start the new ones first.
resource "aws_ecs_service" "responder" {
  count                              = local.own ? 1 : 0
  name                               = "${var.name}-responder"
  cluster                            = var.ecs_cluster_arn == "" ? aws_ecs_cluster.this[0].arn : var.ecs_cluster_arn
  task_definition                    = aws_ecs_task_definition.responder[0].arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 200
  # the NLB's checks start before the JVM listens (the container's own check allows 60 s)
  health_check_grace_period_seconds = var.health_check_grace_period_seconds
  tags                              = var.tags

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.responder[0].id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.responder.arn
    container_name   = "pathwatch"
    container_port   = var.responder_port
  }

  depends_on = [aws_lb_listener.responder]
}
