package kube

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	for _, data := range manifests(f) {
		f.Add(data)
	}
	for _, s := range []string{
		"", "---\n", "apiVersion: v1\nkind: Service\n", "kind: List\napiVersion: v1\nitems: [*a]\n",
		"apiVersion: v1\nkind: Service\nmetadata: &m {name: s}\nspec: {selector: {a: b}, ports: [{port: 80, targetPort: x}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: *m\n",
		"apiVersion: v1\nkind: Service\nmetadata: {annotations: {service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-80: \"tcp.idle_timeout.seconds=\"}}\nspec: {type: LoadBalancer, ports: [{port: 80}]}\n",
		"apiVersion: networking.istio.io/v1\nkind: DestinationRule\nspec: {host: a, trafficPolicy: {portLevelSettings: [{port: {number: 0}}], connectionPool: {http: {idleTimeout: 1.5h}}}}\n",
		"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {annotations: {alb.ingress.kubernetes.io/load-balancer-attributes: \"idle_timeout.timeout_seconds=\\\"1\\\"\"}}\nspec: {ingressClassName: alb, defaultBackend: {service: {name: a, port: {name: p}}}}\n",
		"\ufeffapiVersion: v1\r\nkind: Service\r\nmetadata: {name: é}\r\n", "a: \x85b\n", "- [\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		frags := parse(data)
		for _, err := range positionErrors(string(data), frags) {
			t.Error(err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
	})
}

// benchManifests is a scan of n applications: Deployment, Service, Ingress and
// DestinationRule each, and one ingress-nginx ConfigMap.
func benchManifests(n int) []byte {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\ndata:\n  keep-alive: \"75\"\n  upstream-keepalive-timeout: \"60\"\n")
	for i := range n {
		fmt.Fprintf(&b, `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app%d
  namespace: shop
  labels: {app: app%d}
spec:
  replicas: 3
  selector:
    matchLabels: {app: app%d}
  template:
    metadata:
      labels: {app: app%d, tier: web}
    spec:
      securityContext:
        sysctls:
          - {name: net.ipv4.tcp_keepalive_time, value: "600"}
      containers:
        - name: app
          image: registry.example.com/app:1.%d
          ports:
            - {name: http, containerPort: 8080}
          resources: {limits: {cpu: 500m, memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: app%d, namespace: shop}
spec:
  selector: {app: app%d}
  ports:
    - {name: http, port: 80, targetPort: http}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app%d
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
spec:
  ingressClassName: nginx
  rules:
    - host: app%d.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: app%d, port: {number: 80}}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: app%d, namespace: shop}
spec:
  host: app%d
  trafficPolicy:
    connectionPool:
      http: {idleTimeout: 50s, maxRequestsPerConnection: 100}
`, i, i, i, i, i, i, i, i, i, i, i, i)
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := benchManifests(200)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data)
	}
}
