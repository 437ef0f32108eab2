package kube

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
)

// retries prints a pool's response wait and retries compactly.
func retries(p *graph.Pool) string {
	s := fmt.Sprintf("%s request=%s", p.RequestKind, show(p.Request))
	if p.Retries.Known() {
		s += fmt.Sprintf(" retries=%d@%d:%d", p.Retries.Value, p.Retries.Pos.Line, p.Retries.Pos.Col)
	}
	s += " on-timeout=" + showBool(p.RetryOnTimeout)
	if p.PerTry.Known() {
		s += " per-try=" + show(p.PerTry.Get())
	}
	if p.RetryWindow.Known() {
		s += " window=" + show(p.RetryWindow.Get())
	}
	if p.RetryNonIdempotent.Get().Value {
		s += " writes=" + showBool(p.RetryNonIdempotent.Get())
	}
	return s
}

func TestRequestTimeoutsAndRetries(t *testing.T) {
	dr := "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: app, namespace: shop}\nspec: {host: app.shop.svc.cluster.local}\n---\n"
	vs := "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: app, namespace: shop}\nspec:\n  hosts: [app]\n  http:\n"
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"istio retries without a timeout", []string{"app.yaml", svcYAML, "mesh.yaml", dr + vs + `    - retries: {attempts: 3, perTryTimeout: 10s, retryOn: "5xx,connect-failure"}
      route:
        - destination: {host: app}
`}, "whole response request=none(default@4) retries=3@12:27 on-timeout=true@12:59 per-try=10s@12:45"},
		{"istio timeout brings its route's retries", []string{"app.yaml", svcYAML, "mesh.yaml", dr + vs + `    - retries: {attempts: 5, perTryTimeout: 1s, retryOn: "5xx"}
      route:
        - destination: {host: app}
    - timeout: 20s
      retries: {attempts: 2, perTryTimeout: 5s}
      route:
        - destination: {host: app}
`}, "whole response request=20s@15:16 retries=2@16:27 on-timeout=false(default@16) per-try=5s@16:45"},
		{"istio reset retries on a POST route", []string{"app.yaml", svcYAML, "mesh.yaml", dr + vs + `    - match: [{method: {exact: POST}}]
      retries: {attempts: 2, retryOn: reset}
      route:
        - destination: {host: app}
`}, "whole response request=none(default@4) retries=2@13:27 on-timeout=false@13:39 writes=true@13:39"},
		{"ingress-nginx annotations", []string{"app.yaml", svcYAML, "ing.yaml", `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: w
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
    nginx.ingress.kubernetes.io/proxy-next-upstream: "error timeout non_idempotent"
    nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "3"
    nginx.ingress.kubernetes.io/proxy-next-upstream-timeout: "200"
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: app, port: {number: 80}}}
`}, "per read request=120s@7:53 retries=2@9:60 on-timeout=true@8:54 window=200s@10:62 writes=true@8:54"},
		{"ingress-nginx defaults", []string{"app.yaml", svcYAML, "ing.yaml", `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: w, namespace: shop}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: app, port: {number: 80}}}
`}, "per read request=60s(default@6) on-timeout=true(default@6)"},
		{"alb idle timeout is a per-read wait", []string{"app.yaml", svcYAML, "ing.yaml", `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: w
  namespace: shop
  annotations: {alb.ingress.kubernetes.io/load-balancer-attributes: idle_timeout.timeout_seconds=30}
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: app, port: {number: 80}}}
`}, "per read request=30s@6:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, fr := range parseAll(tt.files...) {
				for _, d := range fr.Diags {
					t.Errorf("diagnostic %s %s", d.Pos, d.Message)
				}
				for _, h := range fr.Hops {
					for _, p := range h.Pools {
						got = append(got, retries(p))
					}
				}
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("pools:\n %s\nwant %s", strings.Join(got, "\n "), tt.want)
			}
		})
	}
}
