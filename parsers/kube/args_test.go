package kube

import (
	"strings"
	"testing"
)

// appYAML is a Deployment and its Service; %s is the container's command lines and env.
const appYAML = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: istio-proxy
          image: istio/proxyv2
          args: [proxy, sidecar]
        - name: web
          image: web
`

func TestContainerArgs(t *testing.T) {
	for _, tc := range []struct {
		name, container string
		want            []string
	}{
		{"gunicorn in command and args, bound to the workload and its Service", `          command: ["gunicorn"]
          args: ["-k", "gthread", "--keep-alive=75", "-b", "0.0.0.0:8000", "app:app"]
`, []string{"hop a.yaml#Deployment/shop/web server gunicorn", "listener gunicorn [web.shop.svc.cluster.local:80 web.shop.svc:80 web.shop:80 web:80] names=[] idle=75s@22:49"}},
		{"$(VAR) from the container's env, inherited from its value", `          args: ["gunicorn", "-k", "gevent", "--keep-alive", "$(KEEPALIVE)", "app:app"]
          env:
            - {name: KEEPALIVE, value: "65"}
`, []string{"listener gunicorn", "idle=65s@23:41"}},
		{"sh -c script with $VAR", `          command: ["/bin/sh", "-c"]
          args:
            - exec uvicorn main:app --host 0.0.0.0 --port 8000 --timeout-keep-alive $KA
          env:
            - name: KA
              value: "30"
`, []string{"listener uvicorn", "idle=30s@26:23"}},
		{"the sync worker closes after each response", `          args: ["gunicorn", "--keep-alive", "75", "app:app"]
`, []string{"listener gunicorn", "idle=0s(default@21)"}},
		{"default keep-alive", `          args: ["hypercorn", "main:app"]
`, []string{"hop a.yaml#Deployment/shop/web server hypercorn", "idle=5s(default@21)"}},
		{"env from a ConfigMap is unknown", `          args: ["gunicorn", "-k", "gthread", "--keep-alive", "$(KA)", "app:app"]
          env:
            - name: KA
              valueFrom: {configMapKeyRef: {name: web, key: ka}}
`, []string{"idle=- request", "diag 1 a.yaml:21:64 --keep-alive: KA is not set where this command is defined (the runtime, a ConfigMap or a Secret may set it), so the value is unknown"}},
		{"no app server: the idle timeout stays unknown", `          args: ["node", "server.js"]
`, []string{"listener pod", "idle=-"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := dump(parseAll("a.yaml", appYAML+tc.container))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
		})
	}
}
