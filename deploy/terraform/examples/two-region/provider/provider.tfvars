# The data provider's account (123456789012) in us-east-1; example values.
aws_profile        = "pathwatch-provider"
account_id         = "123456789012"
name               = "pathwatch-use1"
vpc_id             = "vpc-0a1b2c3d4e5f60001"
subnet_ids         = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"]
subnet_cidr_blocks = ["10.20.1.0/24", "10.20.2.0/24"]
route_table_ids    = ["rtb-0a1b2c3d4e5f60021"]
image              = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0.0"
auth_secret_arn    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pathwatch-auth-AbCdEf"
# production's and UAT's consumer accounts
consumer_principals = ["arn:aws:iam::210987654321:root", "arn:aws:iam::310987654321:root"]
consumer_regions    = ["ap-southeast-2"]
# the feed's own NLB in its dedicated VPC; the responders beside the source, over the Transit Gateway
feed_nlb = {
  arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/feed-nlb/0123456789abcdef"
  vpc_id     = "vpc-0a1b2c3d4e5f60002"
  target_ips = ["10.30.4.21", "10.30.5.21"]
}
