# uat: its own workspace and state (terraform workspace select uat); example values.
environment                = "uat"
image                      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0.0"
consumer_account_principal = "arn:aws:iam::210987654321:root"
provider_networks = {
  "us-east-1"      = { vpc_id = "vpc-0auat", subnet_ids = ["subnet-0a1", "subnet-0a2"], cidr_blocks = ["10.10.0.0/16"] }
  "us-west-1"      = { vpc_id = "vpc-0buat", subnet_ids = ["subnet-0b1", "subnet-0b2"], cidr_blocks = ["10.11.0.0/16"] }
  "ap-southeast-1" = { vpc_id = "vpc-0cuat", subnet_ids = ["subnet-0c1", "subnet-0c2"], cidr_blocks = ["10.12.0.0/16"] }
  "ap-southeast-2" = { vpc_id = "vpc-0duat", subnet_ids = ["subnet-0d1", "subnet-0d2"], cidr_blocks = ["10.13.0.0/16"] }
}
provider_auth_secret_arns = {
  "us-east-1"      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pathwatch-uat-AbCdEf"
  "us-west-1"      = "arn:aws:secretsmanager:us-west-1:123456789012:secret:pathwatch-uat-AbCdEf"
  "ap-southeast-1" = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:pathwatch-uat-AbCdEf"
  "ap-southeast-2" = "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:pathwatch-uat-AbCdEf"
}
consumer_vpc_id          = "vpc-0euat"
consumer_subnet_ids      = ["subnet-0e1", "subnet-0e2"]
consumer_auth_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:210987654321:secret:pathwatch-uat-XyZ123"
stunnel_target           = "stunnel-client.internal:17100"
