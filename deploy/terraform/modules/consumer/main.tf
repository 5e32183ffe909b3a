# The consumer end, in the consumer account: an interface endpoint per candidate path (tagged so
# the prober's discovery adopts it), the prober as one ECS Fargate task, and its state on EFS if
# asked. One deployment per environment: production and UAT each make their own endpoints.

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
  region         = data.aws_region.current.id
  image_parts    = regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/([^:@]+)", var.image)
  repository_arn = "arn:${data.aws_partition.current.partition}:ecr:${local.image_parts[1]}:${local.image_parts[0]}:repository/${local.image_parts[3]}"
  # heap 50 %, Netty's direct memory an eighth, metaspace 128 MiB: with threads and code cache it stays inside the task
  java_tool_options = "-XX:+UseG1GC -XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=64m -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError -XX:MaxTenuringThreshold=1"
  cluster_arn       = var.ecs_cluster_arn == "" ? aws_ecs_cluster.this[0].arn : var.ecs_cluster_arn
  # discovery looks only in these VPCs; by default the one this module runs in
  discovery_vpc_ids = length(var.discovery_vpc_ids) > 0 ? var.discovery_vpc_ids : [var.vpc_id]
  state_dir         = "/app/pathwatch-state"
  secrets = concat(
    [{ name = "PATHWATCH_AUTH_SECRET", valueFrom = var.auth_secret_arn }],
    var.previous_auth_secret_arn == "" ? [] : [{ name = "PATHWATCH_AUTH_PREVIOUSSECRET", valueFrom = var.previous_auth_secret_arn }],
    var.api_token_secret_arn == "" ? [] : [{ name = "PATHWATCH_API_TOKEN", valueFrom = var.api_token_secret_arn }],
  )
  # pathwatch.paths as Spring Boot reads it from SPRING_APPLICATION_JSON. With discovery on, the
  # endpoints are not listed: the prober adopts each by its tags once it is available (accepted),
  # under the same name, so an endpoint still pending acceptance raises no alarm.
  paths = concat(
    var.discovery_enabled ? [] : [for name, svc in var.endpoint_services : {
      name   = name
      target = "${aws_vpc_endpoint.path[name].dns_entry[0].dns_name}:${var.responder_port}"
      tags   = { via = "privatelink", "endpoint-region" = svc.service_region, destination = svc.destination }
    }],
    [for name, p in var.extra_paths : merge({
      name   = name
      target = p.target
      tags   = { via = p.via, destination = p.destination }
    }, p.tls ? { tls = { enabled = true } } : {})],
  )
}

resource "aws_ecs_cluster" "this" {
  count = var.ecs_cluster_arn == "" ? 1 : 0
  name  = var.name
  tags  = var.tags
}

resource "aws_security_group" "prober" {
  name_prefix = "${var.name}-prober-"
  description = "pathwatch prober: out to its paths and the AWS APIs; the API and status page from operators"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-prober" })

  egress {
    description = "its paths (any TCP port), AWS APIs, EFS"
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "ingress" {
    for_each = length(var.operator_cidr_blocks) > 0 ? [1] : []
    content {
      description = "API and status page from operator networks"
      from_port   = 8080
      to_port     = 8080
      protocol    = "tcp"
      cidr_blocks = var.operator_cidr_blocks
    }
  }

  # replaced before the old one goes, which waits for the ENIs it is attached to
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "endpoints" {
  name_prefix = "${var.name}-endpoints-"
  description = "pathwatch interface endpoints: the responder port from the prober"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-endpoints" })

  ingress {
    description     = "prober to responder"
    from_port       = var.responder_port
    to_port         = var.responder_port
    protocol        = "tcp"
    security_groups = [aws_security_group.prober.id]
  }

  # replaced before the old one goes, which waits for the ENIs it is attached to
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_endpoint" "path" {
  for_each            = var.endpoint_services
  vpc_id              = var.vpc_id
  service_name        = each.value.service_name
  service_region      = each.value.service_region == local.region ? null : each.value.service_region
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = false
  # what discovery reads (docs/discovery.md): the path's name, the responder port, the destination
  tags = merge(var.tags, {
    Name                       = "${var.name}-${each.key}"
    "pathwatch:path"           = each.key
    "pathwatch:port"           = tostring(var.responder_port)
    "pathwatch:destination"    = each.value.destination
    "pathwatch:tag:via"        = "privatelink"
    "pathwatch:tag:deployment" = var.name
  })
}

resource "aws_cloudwatch_log_group" "prober" {
  name              = "/pathwatch/${var.name}/prober"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# The prober's state (baselines, history, the alert spool) on EFS, so it survives a task replacement.
resource "aws_efs_file_system" "state" {
  count     = var.state_on_efs ? 1 : 0
  encrypted = true
  tags      = merge(var.tags, { Name = "${var.name}-state" })
}

resource "aws_security_group" "efs" {
  count       = var.state_on_efs ? 1 : 0
  name_prefix = "${var.name}-state-"
  description = "pathwatch state on EFS: NFS from the prober"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-state" })

  ingress {
    description     = "NFS from the prober"
    from_port       = 2049
    to_port         = 2049
    protocol        = "tcp"
    security_groups = [aws_security_group.prober.id]
  }

  # replaced before the old one goes, which waits for the ENIs it is attached to
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_efs_mount_target" "state" {
  for_each        = var.state_on_efs ? toset(var.subnet_ids) : toset([])
  file_system_id  = aws_efs_file_system.state[0].id
  subnet_id       = each.value
  security_groups = [aws_security_group.efs[0].id]
}

# the image's user (10001) owns the directory, whatever the file system's root looks like
resource "aws_efs_access_point" "state" {
  count          = var.state_on_efs ? 1 : 0
  file_system_id = aws_efs_file_system.state[0].id
  tags           = var.tags

  posix_user {
    uid = 10001
    gid = 10001
  }

  root_directory {
    path = "/${var.name}"
    creation_info {
      owner_uid   = 10001
      owner_gid   = 10001
      permissions = "0700"
    }
  }
}

# What pathwatch itself may do: put metric data in its namespace, publish to its topic; with
# discovery, list VPC endpoints; with ECS Exec, open the session channels; with EFS (below), mount
# its access point. Actions without resource-level permissions are held to this region.
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

  # pathwatch.discovery.aws.vpc-endpoints: DescribeVpcEndpoints has no resource-level permissions
  dynamic "statement" {
    for_each = var.discovery_enabled ? [1] : []
    content {
      sid       = "DiscoverVpcEndpoints"
      actions   = ["ec2:DescribeVpcEndpoints"]
      resources = ["*"]
      condition {
        test     = "StringEquals"
        variable = "aws:RequestedRegion"
        values   = [local.region]
      }
    }
  }

  dynamic "statement" {
    for_each = var.ecs_exec ? [1] : []
    content {
      sid       = "EcsExec"
      actions   = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
      resources = ["*"]
      condition {
        test     = "StringEquals"
        variable = "aws:RequestedRegion"
        values   = [local.region]
      }
    }
  }
}

# apart, as the file system's ARN is known only once it exists
data "aws_iam_policy_document" "state" {
  count = var.state_on_efs ? 1 : 0

  statement {
    sid       = "MountItsState"
    actions   = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    resources = [aws_efs_file_system.state[0].arn]
    condition {
      test     = "StringEquals"
      variable = "elasticfilesystem:AccessPointArn"
      values   = [aws_efs_access_point.state[0].arn]
    }
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

resource "aws_iam_role_policy" "state" {
  count  = var.state_on_efs ? 1 : 0
  name   = "pathwatch-state"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.state[0].json
}

module "execution_role" {
  source          = "../execution-role"
  name            = "${var.name}-prober-exec"
  repository_arns = [local.repository_arn]
  log_group_arn   = "arn:${data.aws_partition.current.partition}:logs:${local.region}:${var.account_id}:log-group:${aws_cloudwatch_log_group.prober.name}"
  secret_arns     = [for s in local.secrets : s.valueFrom]
  kms_key_arn     = var.kms_key_arn
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

  dynamic "volume" {
    for_each = var.state_on_efs ? [1] : []
    content {
      name = "state"
      efs_volume_configuration {
        file_system_id     = aws_efs_file_system.state[0].id
        transit_encryption = "ENABLED"
        authorization_config {
          access_point_id = aws_efs_access_point.state[0].id
          iam             = "ENABLED"
        }
      }
    }
  }

  container_definitions = jsonencode([{
    name         = "pathwatch"
    image        = var.image
    essential    = true
    stopTimeout  = 20
    portMappings = [{ containerPort = 8080 }]
    mountPoints  = var.state_on_efs ? [{ sourceVolume = "state", containerPath = local.state_dir, readOnly = false }] : []
    environment = concat([
      { name = "JAVA_TOOL_OPTIONS", value = local.java_tool_options },
      { name = "PATHWATCH_AGENT_NAME", value = var.name },
      { name = "PATHWATCH_STATEDIR", value = local.state_dir },
      { name = "PATHWATCH_RESPONDER_ENABLED", value = "false" },
      { name = "PATHWATCH_DEMO_ENABLED", value = "false" },
      { name = "PATHWATCH_CLOUDWATCH_ENABLED", value = "true" },
      { name = "PATHWATCH_CLOUDWATCH_NAMESPACE", value = var.namespace },
      { name = "PATHWATCH_CLOUDWATCH_REGION", value = local.region },
      { name = "PATHWATCH_ALERTS_SNS_TOPICARN", value = var.sns_topic_arn },
      { name = "SPRING_APPLICATION_JSON", value = jsonencode({ pathwatch = { paths = local.paths } }) },
      ], var.discovery_enabled ? [
      { name = "PATHWATCH_DISCOVERY_AWS_VPCENDPOINTS_ENABLED", value = "true" },
      # Fargate has no instance metadata: without the VPC id discovery would find nothing (it fails closed)
      { name = "PATHWATCH_DISCOVERY_AWS_VPCIDS", value = join(",", local.discovery_vpc_ids) },
      { name = "PATHWATCH_DISCOVERY_AWS_REGION", value = local.region },
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
        awslogs-group         = aws_cloudwatch_log_group.prober.name
        awslogs-region        = local.region
        awslogs-stream-prefix = "prober"
      }
    }
  }])

  lifecycle {
    precondition {
      condition     = local.image_parts[1] == local.region
      error_message = "var.image must be an ECR repository in this region (${local.region}): push or replicate the image here (deploy/README.md, \"The image in each region\")."
    }
  }
}

# One prober per environment, never two: two tasks under one agent name would double every metric
# and alert. A deployment stops the old task before it starts the new one (a gap of a minute or
# two in the figures, which the state on EFS bridges for baselines and alerts).
resource "aws_ecs_service" "prober" {
  name                               = "${var.name}-prober"
  cluster                            = local.cluster_arn
  task_definition                    = aws_ecs_task_definition.prober.arn
  desired_count                      = 1
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100
  enable_execute_command             = var.ecs_exec
  tags                               = var.tags

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.prober.id]
    assign_public_ip = false
  }

  depends_on = [aws_efs_mount_target.state]
}
