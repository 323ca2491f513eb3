"""Capitalised words that are never a person's name in the texts we see: calendar words and tech products.

Word frequency cannot tell "Redis" or "Grafana" from "Mokoena" (all are rare English), so the name heuristics
consult this list before trusting a rare capitalised word. Entries are case-folded.
"""

from __future__ import annotations


def words_of(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (long lists stay readable)."""
    return frozenset(text.split())


MONTHS = words_of(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
WEEKDAYS = words_of(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
CALENDAR_WORDS = MONTHS | WEEKDAYS

# Whom a greeting or a label addresses when it is not one person.
GROUP_WORDS = words_of(
    "all everyone everybody team folks guys there sir madam sirs madams customer customers colleagues friends "
    "both again anyway user users admin admins support sales billing hr legal finance"
)

# Titles stand before a name, never inside one: "Dr Oyelaran" is the name "Oyelaran".
TITLES = words_of("dr mr mrs ms mx prof miss dame sir mme mlle herr frau hr sr sra srta dott sig signora mevr dhr pani")

# Organisation suffixes: "Acme Pty", "Initech GmbH" are companies.
ORGANISATION_WORDS = words_of("inc ltd llc llp plc pty gmbh corp co bv ag sa sas srl oy ab nv kk")

_LANGUAGES = (
    "python java javascript typescript kotlin scala swift rust golang go ruby perl php lua haskell clojure elixir "
    "erlang ocaml fsharp dart julia fortran cobol pascal delphi matlab groovy zig nim crystal solidity bash zsh "
    "powershell wasm webassembly"
)
_DATA_STORES = (
    "postgres postgresql mysql mariadb sqlite redis valkey memcached mongo mongodb cassandra scylla dynamo dynamodb "
    "cosmos couchdb couchbase neo4j elasticsearch opensearch solr clickhouse snowflake bigquery redshift databricks "
    "druid pinot timescale timescaledb influx influxdb cockroach cockroachdb etcd zookeeper consul vault minio "
    "supabase firebase firestore planetscale neon oracle"
)
_INFRASTRUCTURE = (
    "docker podman kubernetes kubectl helm istio envoy linkerd nginx apache caddy traefik haproxy terraform "
    "pulumi ansible puppet chef vagrant packer nomad openshift rancher argo argocd flux jenkins circleci "
    "travis buildkite teamcity bamboo gitlab github bitbucket gitea kafka rabbitmq zeromq nats pulsar kinesis "
    "celery sidekiq airflow dagster prefect luigi spark hadoop hive presto trino flink beam storm hdfs "
    "prometheus grafana loki tempo mimir thanos jaeger zipkin kibana logstash fluentd fluentbit splunk datadog "
    "sentry newrelic honeycomb pagerduty opsgenie statuspage cloudflare fastly akamai vercel netlify heroku "
    "render fly railway aws azure gcp ec2 s3 lambda fargate ecs eks gke aks cloudwatch cloudfront route53 "
    "aurora rds sqs sns lightsail beanstalk openstack proxmox vmware virtualbox hyperv qemu kvm xen "
    "tailscale wireguard openvpn okta auth0 keycloak cognito ldap kerberos"
)
_FRAMEWORKS = (
    "django flask fastapi starlette pydantic sqlalchemy alembic peewee celery pandas numpy scipy polars dask "
    "matplotlib seaborn plotly jupyter notebook pytest tox nox poetry conda pip pipenv virtualenv setuptools "
    "hatch ruff mypy pylint flake8 black isort sphinx mkdocs react preact vue nuxt angular svelte sveltekit "
    "solid ember backbone jquery nextjs next remix astro gatsby hugo jekyll eleventy docusaurus storybook "
    "tailwind bootstrap sass less redux mobx zustand recoil graphql apollo relay prisma sequelize typeorm "
    "mongoose knex express koa hapi nest nestjs deno bun node nodejs npm pnpm yarn vite webpack rollup parcel "
    "esbuild swc babel eslint prettier jest vitest mocha chai jasmine karma cypress playwright puppeteer "
    "selenium rails sinatra laravel symfony drupal wordpress joomla magento shopify spring hibernate maven "
    "gradle ant bazel buck cmake make ninja meson cargo tokio serde actix axum rocket hyper gin echo fiber "
    "dotnet aspnet blazor xamarin maui unity unreal godot electron tauri flutter ionic cordova expo "
    "pytorch torch tensorflow keras jax onnx triton cuda numba scikit sklearn xgboost lightgbm catboost "
    "huggingface transformers langchain llamaindex llama mistral mixtral claude gemini gpt chatgpt copilot "
    "openai anthropic cohere ollama whisper dalle midjourney"
)
_PRODUCTS = (
    "linux ubuntu debian fedora centos rhel alpine arch manjaro gentoo suse opensuse windows macos osx ios "
    "ipados android chromeos freebsd openbsd darwin xcode vscode vim neovim emacs intellij pycharm webstorm "
    "goland rider eclipse netbeans sublime atom notepad chrome chromium firefox safari edge opera brave "
    "slack discord teams zoom webex skype jira confluence trello asana notion linear clickup monday basecamp "
    "figma sketch miro canva zendesk intercom freshdesk hubspot salesforce stripe paypal braintree adyen "
    "square twilio sendgrid mailgun mailchimp postmark segment mixpanel amplitude heap hotjar optimizely "
    "launchdarkly gmail outlook exchange office excel word powerpoint onedrive sharepoint dropbox box drive "
    "google microsoft apple amazon meta facebook instagram whatsapp telegram signal twitter youtube tiktok "
    "reddit linkedin atlassian hashicorp jetbrains mozilla oracle ibm intel nvidia amd arm qualcomm "
    "json yaml toml xml csv html css http https grpc protobuf thrift avro parquet arrow orc kaggle colab "
    "dependabot renovate renovatebot snyk semgrep sonarqube sonarcloud codecov coveralls clippy rubocop pylance "
    "pyright gradio streamlit"
)
TECH_WORDS = words_of(" ".join((_LANGUAGES, _DATA_STORES, _INFRASTRUCTURE, _FRAMEWORKS, _PRODUCTS)))

NOT_NAMES = CALENDAR_WORDS | GROUP_WORDS | TITLES | ORGANISATION_WORDS | TECH_WORDS


def is_never_a_name(word: str) -> bool:
    """True for a calendar word, a group address, a title, an organisation suffix or a tech product."""
    return word.casefold() in NOT_NAMES
