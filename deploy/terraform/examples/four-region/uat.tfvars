# uat: its own state (uat.s3.tfbackend); example values.
environment         = "uat"
provider_profile    = "pathwatch-provider"
consumer_profile    = "pathwatch-consumer-uat"
provider_account_id = "123456789012"
consumer_account_id = "310987654321"
consumer_principal  = "arn:aws:iam::310987654321:root"
provider_networks = {
  "us-east-1"      = { vpc_id = "vpc-0au", subnet_ids = ["subnet-0au1", "subnet-0au2"], subnet_cidr_blocks = ["10.10.1.0/24", "10.10.2.0/24"], route_table_ids = ["rtb-0au1"] }
  "us-west-1"      = { vpc_id = "vpc-0bu", subnet_ids = ["subnet-0bu1", "subnet-0bu2"], subnet_cidr_blocks = ["10.11.1.0/24", "10.11.2.0/24"], route_table_ids = ["rtb-0bu1"] }
  "ap-southeast-1" = { vpc_id = "vpc-0cu", subnet_ids = ["subnet-0cu1", "subnet-0cu2"], subnet_cidr_blocks = ["10.12.1.0/24", "10.12.2.0/24"], route_table_ids = ["rtb-0cu1"] }
  "ap-southeast-2" = { vpc_id = "vpc-0du", subnet_ids = ["subnet-0du1", "subnet-0du2"], subnet_cidr_blocks = ["10.13.1.0/24", "10.13.2.0/24"], route_table_ids = ["rtb-0du1"] }
}
provider_images = {
  "us-east-1"      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0.0"
  "us-west-1"      = "123456789012.dkr.ecr.us-west-1.amazonaws.com/pathwatch:1.0.0"
  "ap-southeast-1" = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/pathwatch:1.0.0"
  "ap-southeast-2" = "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0"
}
provider_auth_secret_arns = {
  "us-east-1"      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pathwatch-uat-AbCdEf"
  "us-west-1"      = "arn:aws:secretsmanager:us-west-1:123456789012:secret:pathwatch-uat-AbCdEf"
  "ap-southeast-1" = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:pathwatch-uat-AbCdEf"
  "ap-southeast-2" = "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:pathwatch-uat-AbCdEf"
}
consumer_vpc_id          = "vpc-0eu"
consumer_subnet_ids      = ["subnet-0eu1", "subnet-0eu2"]
consumer_route_table_ids = ["rtb-0eu1"]
consumer_image           = "310987654321.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0"
consumer_auth_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:310987654321:secret:pathwatch-uat-XyZ123"
internet_target          = "feed-pathwatch.provider.example:443"
