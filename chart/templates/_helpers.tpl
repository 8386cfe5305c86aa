{{/*
Chart name, overridable with nameOverride. Kubernetes names are limited to 63 characters.
*/}}
{{- define "lightning-asr.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: the release name, followed by the chart name unless the release name
already contains it. It names the ASR Deployment and prefixes every other object.
*/}}
{{- define "lightning-asr.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "lightning-asr.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "lightning-asr.labels" -}}
helm.sh/chart: {{ include "lightning-asr.chart" . }}
{{ include "lightning-asr.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: lightning-asr
{{- end }}

{{/*
Selector labels shared by every component.
*/}}
{{- define "lightning-asr.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lightning-asr.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of the ASR pods. */}}
{{- define "lightning-asr.asr.selectorLabels" -}}
{{ include "lightning-asr.selectorLabels" . }}
app.kubernetes.io/component: asr
{{- end }}

{{/* Selector labels of the API server pods. */}}
{{- define "lightning-asr.apiServer.selectorLabels" -}}
{{ include "lightning-asr.selectorLabels" . }}
app.kubernetes.io/component: api-server
{{- end }}

{{/* Name of the ASR Deployment, its HPA and its ScaledObject. */}}
{{- define "lightning-asr.asr.fullname" -}}
{{- include "lightning-asr.fullname" . }}
{{- end }}

{{/* Name of the API server Deployment, Service and HPA. */}}
{{- define "lightning-asr.apiServer.fullname" -}}
{{- printf "%s-api-server" (include "lightning-asr.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Headless Service that the API server resolves to find ready ASR pods. */}}
{{- define "lightning-asr.asr.headlessName" -}}
{{- printf "%s-headless" (include "lightning-asr.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Service exposing the ASR metrics port, selected by the ServiceMonitor. */}}
{{- define "lightning-asr.asr.metricsName" -}}
{{- printf "%s-metrics" (include "lightning-asr.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* ServiceAccount of the ASR pods. */}}
{{- define "lightning-asr.asr.serviceAccountName" -}}
{{- if .Values.lightningAsr.serviceAccount.create }}
{{- default (include "lightning-asr.fullname" .) .Values.lightningAsr.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.lightningAsr.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* ServiceAccount of the API server pods. */}}
{{- define "lightning-asr.apiServer.serviceAccountName" -}}
{{- if .Values.apiServer.serviceAccount.create }}
{{- default (include "lightning-asr.apiServer.fullname" .) .Values.apiServer.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.apiServer.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Name of the Secret holding the license keys, and the key inside it. */}}
{{- define "lightning-asr.licenseSecretName" -}}
{{- if .Values.global.existingSecret }}
{{- .Values.global.existingSecret }}
{{- else }}
{{- printf "%s-license" (include "lightning-asr.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "lightning-asr.licenseSecretKey" -}}
{{- if .Values.global.existingSecret }}
{{- .Values.global.existingSecretKey }}
{{- else -}}
license-keys
{{- end }}
{{- end }}

{{/* True (non-empty) when the API server gets license keys from a Secret. */}}
{{- define "lightning-asr.hasLicense" -}}
{{- if or .Values.global.existingSecret .Values.global.licenseKey }}true{{- end }}
{{- end }}

{{/* ASR image reference: the tag defaults to <appVersion>-gpu or <appVersion>-cpu. */}}
{{- define "lightning-asr.asr.image" -}}
{{- $variant := ternary "gpu" "cpu" .Values.lightningAsr.gpu.enabled }}
{{- $tag := default (printf "%s-%s" .Chart.AppVersion $variant) .Values.lightningAsr.image.tag }}
{{- printf "%s:%s" .Values.lightningAsr.image.repository $tag }}
{{- end }}

{{/* API server image reference: the tag defaults to appVersion. */}}
{{- define "lightning-asr.apiServer.image" -}}
{{- printf "%s:%s" .Values.apiServer.image.repository (default .Chart.AppVersion .Values.apiServer.image.tag) }}
{{- end }}

{{/* True (non-empty) when a HorizontalPodAutoscaler manages the ASR replicas. */}}
{{- define "lightning-asr.asr.hpaEnabled" -}}
{{- $auto := .Values.scaling.auto }}
{{- if and $auto.enabled $auto.lightningAsr.hpa.enabled (not $auto.lightningAsr.keda.enabled) }}true{{- end }}
{{- end }}

{{/* True (non-empty) when a KEDA ScaledObject manages the ASR replicas. */}}
{{- define "lightning-asr.asr.kedaEnabled" -}}
{{- $auto := .Values.scaling.auto }}
{{- if and $auto.enabled $auto.lightningAsr.keda.enabled }}true{{- end }}
{{- end }}

{{/*
Name of the HPA that scales the ASR Deployment. KEDA's HPA gets its own name (KEDA's default
keda-hpa-<ScaledObject>), so that switching between the two on upgrade never has KEDA meet an HPA
that Helm has not deleted yet.
*/}}
{{- define "lightning-asr.asr.hpaName" -}}
{{- if include "lightning-asr.asr.kedaEnabled" . }}
{{- printf "keda-hpa-%s" (include "lightning-asr.asr.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- include "lightning-asr.asr.fullname" . }}
{{- end }}
{{- end }}

{{/* True (non-empty) when a HorizontalPodAutoscaler manages the API server replicas. */}}
{{- define "lightning-asr.apiServer.hpaEnabled" -}}
{{- $auto := .Values.scaling.auto }}
{{- if and $auto.enabled $auto.apiServer.hpa.enabled }}true{{- end }}
{{- end }}

{{/* Value of the `release` label that kube-prometheus-stack's selectors match. */}}
{{- define "lightning-asr.prometheusReleaseLabel" -}}
{{- default .Release.Name .Values.monitoring.releaseLabel }}
{{- end }}

{{/* Labels of monitoring objects (ServiceMonitor, PrometheusRule). */}}
{{- define "lightning-asr.monitoringLabels" -}}
{{ include "lightning-asr.labels" . }}
release: {{ include "lightning-asr.prometheusReleaseLabel" . | quote }}
{{- end }}

{{/* Prometheus base URL for KEDA; defaults to the kube-prometheus-stack Service of this release. */}}
{{- define "lightning-asr.prometheusUrl" -}}
{{- if .Values.monitoring.prometheusUrl }}
{{- .Values.monitoring.prometheusUrl }}
{{- else }}
{{- printf "http://%s-prometheus.%s.svc:9090" (index .Values "kube-prometheus-stack" "fullnameOverride") .Release.Namespace }}
{{- end }}
{{- end }}

{{/*
HPA behavior for one direction (scaleUp or scaleDown). Arguments: a dict with `behavior` (the
user's behavior.<direction> map, may be empty) and `window` (the <direction>StabilizationWindowSeconds
key). Precedence: behavior.<direction>.stabilizationWindowSeconds wins when it is set, because it is
the more specific setting and the vendor's advanced example sets only that one; otherwise the window
key applies. Policies and selectPolicy come only from behavior.
*/}}
{{- define "lightning-asr.hpaBehaviorDirection" -}}
{{- $b := .behavior | default dict }}
{{- $window := .window }}
{{- if hasKey $b "stabilizationWindowSeconds" }}
{{- if not (kindIs "invalid" $b.stabilizationWindowSeconds) }}
{{- $window = $b.stabilizationWindowSeconds }}
{{- end }}
{{- end }}
stabilizationWindowSeconds: {{ int64 $window }}
{{- with $b.selectPolicy }}
selectPolicy: {{ . }}
{{- end }}
{{- with $b.policies }}
policies:
{{- range . }}
  - type: {{ .type }}
    value: {{ int64 .value }}
    periodSeconds: {{ int64 .periodSeconds }}
{{- end }}
{{- end }}
{{- end }}

{{/* Full HPA behavior block from an hpa values map (lightningAsr.hpa or apiServer.hpa). */}}
{{- define "lightning-asr.hpaBehavior" -}}
{{- $behavior := .behavior | default dict }}
scaleUp:
  {{- include "lightning-asr.hpaBehaviorDirection" (dict "behavior" $behavior.scaleUp "window" .scaleUpStabilizationWindowSeconds) | trim | nindent 2 }}
scaleDown:
  {{- include "lightning-asr.hpaBehaviorDirection" (dict "behavior" $behavior.scaleDown "window" .scaleDownStabilizationWindowSeconds) | trim | nindent 2 }}
{{- end }}

{{/* Quantity string for a positive number: 5 -> "5", 2.5 -> "2.5". */}}
{{- define "lightning-asr.quantity" -}}
{{- if eq (float64 .) (float64 (int64 .)) }}{{ int64 . }}{{ else }}{{ . }}{{ end }}
{{- end }}
