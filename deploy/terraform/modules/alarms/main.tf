# Per path: its health state, its RTT p99 from CloudWatch's own percentiles, its hangs and its time hung; per agent:
# its heartbeat; and a dashboard. Metric names are exactly the ones pathwatch publishes.

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

locals {
  paths = toset(var.paths)
}

resource "aws_cloudwatch_metric_alarm" "state" {
  for_each            = local.paths
  alarm_name          = "pathwatch ${var.agent} ${each.key} state"
  alarm_description   = "pathwatch judged the path DEGRADED (1) or DOWN (2) in 2 of the last 3 minutes"
  namespace           = var.namespace
  metric_name         = "pathwatch.health.state"
  dimensions          = { agent = var.agent, path = each.key }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "rtt_p99" {
  for_each            = local.paths
  alarm_name          = "pathwatch ${var.agent} ${each.key} rtt p99"
  alarm_description   = "echo RTT p99 above the path's threshold in 3 of the last 5 minutes"
  namespace           = var.namespace
  metric_name         = "pathwatch.rtt"
  dimensions          = { agent = var.agent, path = each.key }
  extended_statistic  = "p99"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = lookup(var.rtt_p99_threshold_ms, each.key, var.rtt_p99_threshold_ms["default"])
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "hangs" {
  for_each            = local.paths
  alarm_name          = "pathwatch ${var.agent} ${each.key} hangs"
  alarm_description   = "the path's stream hung twice or more within 5 minutes"
  namespace           = var.namespace
  metric_name         = "pathwatch.hangs"
  dimensions          = { agent = var.agent, path = each.key }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 2
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

# A single long stall is one hang: it breaches through the time hung, which pathwatch adds minute by
# minute while the hang lasts, not only once it ends.
resource "aws_cloudwatch_metric_alarm" "hang_time" {
  for_each            = local.paths
  alarm_name          = "pathwatch ${var.agent} ${each.key} hang time"
  alarm_description   = "the path's stream was hung for 10 s or more within a minute (an open hang counts while it lasts)"
  namespace           = var.namespace
  metric_name         = "pathwatch.hang.duration"
  dimensions          = { agent = var.agent, path = each.key }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "heartbeat" {
  alarm_name          = "pathwatch ${var.agent} silent"
  alarm_description   = "no heartbeat from the agent for 5 minutes: pathwatch itself is down or cannot publish"
  namespace           = var.namespace
  metric_name         = "pathwatch.heartbeat"
  dimensions          = { agent = var.agent }
  statistic           = "SampleCount"
  period              = 60
  evaluation_periods  = 5
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_dashboard" "pathwatch" {
  dashboard_name = startswith(var.agent, "pathwatch") ? var.agent : "pathwatch-${var.agent}"
  dashboard_body = jsonencode({
    widgets = flatten([for path in var.paths : [
      {
        type = "metric", width = 12, height = 6
        properties = {
          title = "${path}: echo RTT p50 / p99 / max (ms)", region = data.aws_region.current.id, view = "timeSeries", period = 60
          metrics = [
            [var.namespace, "pathwatch.rtt", "agent", var.agent, "path", path, { stat = "p50", label = "p50" }],
            [var.namespace, "pathwatch.rtt", "agent", var.agent, "path", path, { stat = "p99", label = "p99" }],
            [var.namespace, "pathwatch.rtt", "agent", var.agent, "path", path, { stat = "Maximum", label = "max" }],
          ]
        }
      },
      {
        type = "metric", width = 6, height = 6
        properties = {
          title = "${path}: jitter and spread (ms)", region = data.aws_region.current.id, view = "timeSeries", period = 60
          metrics = [
            [var.namespace, "pathwatch.jitter", "agent", var.agent, "path", path, { stat = "Average" }],
            [var.namespace, "pathwatch.spread", "agent", var.agent, "path", path, { stat = "Average" }],
          ]
        }
      },
      {
        type = "metric", width = 6, height = 6
        properties = {
          title = "${path}: state, hangs, loss", region = data.aws_region.current.id, view = "timeSeries", period = 60
          metrics = [
            [var.namespace, "pathwatch.health.state", "agent", var.agent, "path", path, { stat = "Maximum" }],
            [var.namespace, "pathwatch.hangs", "agent", var.agent, "path", path, { stat = "Sum" }],
            [var.namespace, "pathwatch.loss", "agent", var.agent, "path", path, { stat = "Average", yAxis = "right" }],
          ]
        }
      },
    ]])
  })
}
