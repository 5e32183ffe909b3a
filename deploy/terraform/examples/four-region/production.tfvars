# production: its own workspace and state (terraform workspace select production); example values.
environment                = "production"
image                      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0.0"
consumer_account_principal = "arn:aws:iam::210987654321:root"
provider_networks = {
  "us-east-1"      = { vpc_id = "vpc-0aprod", subnet_ids = ["subnet-0a1", "subnet-0a2"], cidr_blocks = ["10.10.0.0/16"] }
  "us-west-1"      = { vpc_id = "vpc-0bprod", subnet_ids = ["subnet-0b1", "subnet-0b2"], cidr_blocks = ["10.11.0.0/16"] }
  "ap-southeast-1" = { vpc_id = "vpc-0cprod", subnet_ids = ["subnet-0c1", "subnet-0c2"], cidr_blocks = ["10.12.0.0/16"] }
  "ap-southeast-2" = { vpc_id = "vpc-0dprod", subnet_ids = ["subnet-0d1", "subnet-0d2"], cidr_blocks = ["10.13.0.0/16"] }
}
provider_auth_secret_arns = {
  "us-east-1"      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pathwatch-production-AbCdEf"
  "us-west-1"      = "arn:aws:secretsmanager:us-west-1:123456789012:secret:pathwatch-production-AbCdEf"
  "ap-southeast-1" = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:pathwatch-production-AbCdEf"
  "ap-southeast-2" = "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:pathwatch-production-AbCdEf"
}
consumer_vpc_id          = "vpc-0eprod"
consumer_subnet_ids      = ["subnet-0e1", "subnet-0e2"]
consumer_auth_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:210987654321:secret:pathwatch-production-XyZ123"
stunnel_target           = "stunnel-client.internal:17100"
