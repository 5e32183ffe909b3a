#!/usr/bin/env bash
# Creates pathwatch's CloudWatch alarms and dashboard for one agent with the AWS CLI.
#   deploy/cloudwatch/apply.sh AGENT REGION SNS_TOPIC_ARN RTT_P99_MS PATH [PATH...]
# e.g. apply.sh consumer-apse2 ap-southeast-2 arn:aws:sns:ap-southeast-2:123456789012:pathwatch 400 \
#        privatelink-us-east-1 privatelink-us-west-1 stunnel-internet
# Needs: aws CLI v2, jq; cloudwatch:PutMetricAlarm and cloudwatch:PutDashboard.
set -euo pipefail
[ $# -ge 5 ] || { sed -n '2,6p' "$0"; exit 2; }
AGENT=$1 REGION=$2 SNS_TOPIC_ARN=$3 RTT_P99_MS=$4; shift 4
here=$(cd "$(dirname "$0")" && pwd)

fill() { # fill PATH_NAME
  sed -e "s|\${AGENT}|$AGENT|g" -e "s|\${REGION}|$REGION|g" -e "s|\${SNS_TOPIC_ARN}|$SNS_TOPIC_ARN|g" \
      -e "s|\"\${RTT_P99_MS}\"|$RTT_P99_MS|g" -e "s|\${RTT_P99_MS}|$RTT_P99_MS|g" -e "s|\${PATH_NAME}|$1|g"
}

widgets='[]'
for path in "$@"; do
  fill "$path" < "$here/alarms.json" | jq -c '.perPath[]' | while read -r alarm; do
    aws cloudwatch put-metric-alarm --region "$REGION" --cli-input-json "$alarm"
  done
  widgets=$(jq -c --argjson w "$(fill "$path" < "$here/dashboard-widgets.json" | jq -c '.widgets')" '. + $w' <<< "$widgets")
done
fill "" < "$here/alarms.json" | jq -c '.perAgent[]' | while read -r alarm; do
  aws cloudwatch put-metric-alarm --region "$REGION" --cli-input-json "$alarm"
done
aws cloudwatch put-dashboard --region "$REGION" --dashboard-name "pathwatch-$AGENT" \
  --dashboard-body "$(jq -c -n --argjson w "$widgets" '{widgets: $w}')"
echo "alarms and dashboard pathwatch-$AGENT created in $REGION"
