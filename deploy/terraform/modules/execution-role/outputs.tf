output "arn" {
  description = "The execution role's ARN, for the task definition."
  value       = aws_iam_role.execution.arn
}

output "ecs_tasks_assume_policy" {
  description = "The trust policy letting ECS tasks assume a role, for a task role of the same task."
  value       = data.aws_iam_policy_document.ecs_tasks_assume.json
}
