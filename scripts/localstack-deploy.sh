#!/usr/bin/env bash
# Deploys the same CDK app to LocalStack (needs Docker and, for current LocalStack images,
# a LocalStack auth token in LOCALSTACK_AUTH_TOKEN). Machines without Docker use `npm start`
# (the embedded local runtime) instead.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v docker >/dev/null || { echo "docker is not installed: use 'npm start' (embedded runtime) instead" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "no Docker engine is running: use 'npm start' instead" >&2; exit 1; }
: "${LOCALSTACK_AUTH_TOKEN:?set LOCALSTACK_AUTH_TOKEN (LocalStack now requires an auth token)}"

if ! docker ps --format '{{.Names}}' | grep -q '^comptoir-localstack$'; then
  docker run -d --rm --name comptoir-localstack -p 4566:4566 \
    -e LOCALSTACK_AUTH_TOKEN -e SERVICES=lambda,apigateway,dynamodb,stepfunctions,events,sqs,s3,secretsmanager,scheduler,logs,iam,sts,cloudformation,ssm,cloudwatch,sns \
    -v /var/run/docker.sock:/var/run/docker.sock localstack/localstack
  echo "waiting for LocalStack…"
  until curl -fs http://localhost:4566/_localstack/health >/dev/null; do sleep 2; done
fi

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=ca-central-1
export CDK_DEFAULT_ACCOUNT=000000000000 CDK_DEFAULT_REGION=ca-central-1
# The CDK CLI and every SDK client honour AWS_ENDPOINT_URL: the same stacks, pointed at LocalStack.
export AWS_ENDPOINT_URL=http://localhost:4566
npx cdk bootstrap aws://000000000000/ca-central-1
npx cdk deploy --all --require-approval never --outputs-file cdk.out/localstack-outputs.json
echo "API: $(node -e 'const o=require("./cdk.out/localstack-outputs.json");console.log(o.ComptoirApi?.ApiUrl ?? "see cdk.out/localstack-outputs.json")')"
