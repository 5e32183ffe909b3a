output "dashboard_name" {
  description = "The CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.pathwatch.dashboard_name
}

output "alarm_names" {
  description = "Every alarm's name."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.state : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.rtt_p99 : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.hangs : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.hang_time : a.alarm_name],
    [aws_cloudwatch_metric_alarm.heartbeat.alarm_name],
  )
}
