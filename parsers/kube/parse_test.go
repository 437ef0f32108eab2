package kube

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
)

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: app, tier: web}
    spec:
      containers:
        - name: app
          ports:
            - name: http
              containerPort: 8080
`

const svcYAML = `apiVersion: v1
kind: Service
metadata:
  name: app
  namespace: shop
spec:
  selector: {app: app}
  ports:
    - port: 80
      targetPort: http
`

// TestParse: each object family gives the hops, addresses and settings users see, with
// the line and column of every value.
func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string // lines of dump that must appear
		not   []string // text that must not appear
	}{
		{"workload answers on container port and service names", []string{"k8s/app.yaml", deployment + "---\n" + svcYAML},
			[]string{
				"hop k8s/app.yaml#Deployment/shop/app server  files=k8s/app.yaml\n",
				"listener pod [:8080 app.shop.svc.cluster.local:80 app.shop.svc:80 app.shop:80 app:80] names=[] idle=- request=-",
			}, []string{"#Service/", "diag"}},
		{"service in another file selects the deployment", []string{"k8s/app.yaml", deployment, "k8s/svc.yaml", svcYAML},
			[]string{
				"fragment k8s/app.yaml\nhop k8s/app.yaml#Deployment/shop/app server  files=k8s/app.yaml,k8s/svc.yaml",
				"app.shop.svc.cluster.local:80",
			}, []string{"#Service/"}},
		{"service without workload is its own hop", []string{"svc.yaml", svcYAML},
			[]string{"hop svc.yaml#Service/shop/app server", "listener service [app.shop.svc.cluster.local:80 app.shop.svc:80 app.shop:80 app:80]"}, nil},
		{"selector in another namespace does not select", []string{"a.yaml", deployment, "b.yaml", strings.Replace(svcYAML, "namespace: shop", "namespace: other", 1)},
			[]string{"listener pod [:8080] ", "hop b.yaml#Service/other/app server"}, nil},
		{"selector needs every label", []string{"a.yaml", deployment + "---\n" + strings.Replace(svcYAML, "{app: app}", "{app: app, tier: db}", 1)},
			[]string{"listener pod [:8080] ", "hop a.yaml#Service/shop/app"}, nil},
		{"named targetPort without container port", []string{"a.yaml", deployment + "---\n" + strings.Replace(svcYAML, "targetPort: http", "targetPort: web", 1)},
			[]string{"diag 1 a.yaml:26:19 targetPort web names no container port of Deployment shop/app"}, nil},
		{"namespace defaults to default; Pod labels", []string{"pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: b}}\nspec:\n  containers: [{name: c, ports: [{containerPort: 9000}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {a: b}, ports: [{port: 90, targetPort: 9000}]}\n"},
			[]string{"hop pod.yaml#Pod/default/p server", "listener pod [:9000 s.default.svc.cluster.local:90 s.default.svc:90 s.default:90 s:90]"}, nil},
		{"cronjob pod template", []string{"c.yaml", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          securityContext:\n            sysctls: [{name: net.ipv4.tcp_keepalive_time, value: \"60\"}]\n"},
			[]string{"hop c.yaml#CronJob/default/c server", "tcp keepalive=60s@10:66"}, nil},
		{"sysctls", []string{"p.yaml", `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.tcp_keepalive_time
        value: "300"
      - name: net.ipv4.tcp_timestamps
        value: "0"
      - name: net.ipv4.tcp_tw_reuse
        value: "1"
      - name: net.ipv4.tcp_tw_recycle
        value: "1"
      - {name: net.ipv4.tcp_tw_recycle, value: "x"}
`}, []string{"tcp keepalive=300s@8:16 timestamps=false@10:16 tw_reuse=1 tw_recycle=true@14:16", "diag 0 p.yaml:15:48 net.ipv4.tcp_tw_recycle: \"x\" is not a non-negative integer"}, nil},
		{"aws nlb with listener attribute", []string{"lb.yaml", `apiVersion: v1
kind: Service
metadata:
  name: edge
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-443: "tcp.idle_timeout.seconds=400"
spec:
  type: LoadBalancer
  selector: {app: edge}
  ports: [{port: 443}, {port: 80}]
`}, []string{
			"hop lb.yaml#LoadBalancer/default/edge l4 aws-nlb",
			"listener port 443 [:443] names=[] idle=400s@7:105 request=-",
			"listener port 80 [:80] names=[] idle=350s(default@11)",
			"pool edge:443 [edge:443 edge.default:443 edge.default.svc:443 edge.default.svc.cluster.local:443] idle=-",
			"route port 443 -> edge:443 @11",
			"hop lb.yaml#Service/default/edge server",
		}, nil},
		{"aws classic elb idle", []string{"lb.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: edge\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout: \"120\"\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n"},
			[]string{"hop lb.yaml#LoadBalancer/default/edge proxy aws-elb", "idle=120s@6:75", "pool edge:80 [edge:80 edge.default:80 edge.default.svc:80 edge.default.svc.cluster.local:80] idle=120s@6:75 reuse=- request=120s@6:75"}, nil},
		{"azure idle in minutes", []string{"lb.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: edge\n  annotations:\n    service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout: \"10\"\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n"},
			[]string{"hop lb.yaml#LoadBalancer/default/edge l4 azure-lb", "listener port 80 [:80] names=[] idle=600s@6:70"}, nil},
		{"azure default", []string{"lb.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: edge\n  annotations:\n    service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n"},
			[]string{"idle=240s(default@9)"}, nil},
		{"load balancer of unknown cloud", []string{"lb.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: edge}\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n"},
			nil, []string{"LoadBalancer/"}},
		{"ingress-nginx with configmap and annotations", []string{
			"cm.yaml", `apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data:
  keep-alive: "30"
  upstream-keepalive-timeout: "120"
  upstream-keepalive-connections: "0"
  proxy-read-timeout: "90"
`,
			"ing.yaml", `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "300"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: app, port: {name: http}}
          - path: /api
            pathType: Prefix
            backend:
              service: {name: api, port: {number: 9000}}
`, "svc.yaml", strings.Replace(svcYAML, "port: 80", "port: 80\n      name: http", 1)},
			[]string{
				"fragment cm.yaml\nhop cm.yaml#ConfigMap/ingress-nginx/ingress-nginx-controller proxy ingress-nginx files=cm.yaml,ing.yaml",
				"listener http [:443 :80] names=[shop.example.com] idle=30s@5:15 request=60s(default@1)",
				"pool Ingress shop/web -> app:http [app.shop:80] idle=120s@6:31 reuse=false@7:35 request=300s@7:53 connect=5s(default@17)",
				"pool Ingress shop/web -> api:9000 [api.shop:9000] idle=120s@6:31 reuse=false@7:35 request=300s@7:53",
				"route http -> Ingress shop/web -> app:http @14",
				"route http -> Ingress shop/web -> api:9000 @18",
			}, nil},
		{"ingress-nginx without configmap uses defaults; other classes ignored", []string{"ing.yaml", `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  defaultBackend:
    service: {name: app, port: {number: 80}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: t, annotations: {kubernetes.io/ingress.class: traefik}}
spec:
  defaultBackend:
    service: {name: other, port: {number: 80}}
`}, []string{
			"hop ing.yaml#ingress-nginx proxy ingress-nginx",
			"listener http [:443 :80] names=[] idle=75s(default@1) request=60s(default@1)",
			"pool Ingress default/web -> app:80 [app.default:80] idle=60s(default@6) reuse=true(default@6) request=60s(default@6) connect=5s(default@6)",
		}, []string{"other"}},
		{"ingress-nginx controller deployment answers on its configmap's hop", []string{"ctl.yaml", `apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data: {keep-alive: "50"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  template:
    metadata: {labels: {app: ctl}}
    spec:
      containers:
        - name: controller
          args: [/nginx-ingress-controller, "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller"]
          ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec: {selector: {app: ctl}, ports: [{port: 80}]}
`}, []string{"listener http [:80 ingress-nginx-controller.ingress-nginx.svc.cluster.local:80 ingress-nginx-controller.ingress-nginx.svc:80 ingress-nginx-controller.ingress-nginx:80 ingress-nginx-controller:80] names=[] idle=50s@4:20"},
			[]string{"#Deployment/", "#Service/"}},
		{"alb ingress", []string{"alb.yaml", `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    kubernetes.io/ingress.class: alb
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'
    alb.ingress.kubernetes.io/load-balancer-attributes: deletion_protection.enabled=true,idle_timeout.timeout_seconds=120
spec:
  rules:
    - http:
        paths:
          - path: /
            backend: {service: {name: app, port: {number: 80}}}
`}, []string{
			"hop alb.yaml#Ingress/default/web proxy aws-alb",
			"listener listener [:443 :80] names=[] idle=120s@8:119",
			"pool Ingress default/web -> app:80 [app.default:80] idle=120s@8:119 reuse=true(default@14) request=120s@8:119 connect=10s(default@14)",
		}, nil},
		{"alb default idle", []string{"alb.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  ingressClassName: alb\n  defaultBackend: {service: {name: app, port: {number: 80}}}\n"},
			[]string{"listener listener [:80] names=[] idle=60s(default@1)", "idle=60s(default@6)"}, nil},
		{"destination rule with settings and port level", []string{"app.yaml", svcYAML, "dr.yaml", `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: app, namespace: shop}
spec:
  host: app
  trafficPolicy:
    connectionPool:
      tcp:
        connectTimeout: 3s
        tcpKeepalive: {time: 600s}
      http:
        idleTimeout: 50s
        maxRequestsPerConnection: 1
    portLevelSettings:
      - port: {number: 81}
        connectionPool:
          http: {idleTimeout: 1m30s}
`}, []string{
			"fragment dr.yaml\nhop dr.yaml#DestinationRule/shop/app proxy istio files=dr.yaml,app.yaml",
			"pool app:81 [app.shop.svc.cluster.local:81] idle=90s@17:31 reuse=true(default@15) request=none(default@15) connect=10s(default@15) keepalive=-",
			"pool app [app.shop.svc.cluster.local:80] idle=50s@12:22 reuse=false@13:35 request=none(default@6) connect=3s@9:25 keepalive=600s@10:30",
		}, nil},
		{"destination rule defaults, unknown host", []string{"dr.yaml", "apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: reviews.prod.svc.cluster.local\n"},
			[]string{"pool reviews.prod.svc.cluster.local [reviews.prod.svc.cluster.local:0] idle=3600s(default@5) reuse=true(default@5)"}, nil},
		{"virtual service timeout", []string{"app.yaml", svcYAML, "mesh.yaml", `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: app, namespace: shop}
spec: {host: app.shop.svc.cluster.local}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: shop}
spec:
  hosts: [app]
  http:
    - timeout: 10s
      retries: {attempts: 3, perTryTimeout: 2x}
      route:
        - destination: {host: app}
`}, []string{"request=10s@12:16", "diag 0 mesh.yaml:13:45 retries.perTryTimeout: \"2x\" is not a duration: unknown unit \"x\""}, nil},
		{"bad duration in an annotation", []string{"ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: w\n  annotations:\n    nginx.ingress.kubernetes.io/proxy-read-timeout: 60s\nspec:\n  defaultBackend: {service: {name: app, port: {number: 80}}}\n"},
			[]string{"diag 0 ing.yaml:6:53 nginx.ingress.kubernetes.io/proxy-read-timeout: \"60s\" is not a duration: unknown unit \"s\""}, nil},
		{"kind List", []string{"list.yaml", "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: s}\n    spec: {ports: [{port: 80}]}\n"},
			[]string{"hop list.yaml#Service/default/s server"}, nil},
		{"JSON", []string{"svc.json", `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}}`},
			[]string{"hop svc.json#Service/default/s server"}, nil},
		{"YAML syntax error keeps earlier documents", []string{"bad.yaml", svcYAML + "---\nkind: [\n"},
			[]string{"hop bad.yaml#Service/shop/app", "diag 0 bad.yaml:13:1 YAML syntax error: did not find expected node content"}, nil},
		{"text document", []string{"t.yaml", svcYAML + "---\njust some words\n"},
			[]string{"diag 0 t.yaml:12:1 this YAML document is text, not a Kubernetes object"}, nil},
		{"non-mapping documents are ignored", []string{"t.yaml", "---\n- a\n- b\n---\n42\n---\n"}, nil, []string{"hop", "diag"}},
		{"object defined twice gets its line in the id", []string{"d.yaml", svcYAML + "---\n" + svcYAML},
			[]string{"hop d.yaml#Service/shop/app server", "hop d.yaml#Service/shop/app@12 server"}, nil},
		{"alb action backends are not services; group shares one ALB", []string{"alb.yaml", `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  annotations: {alb.ingress.kubernetes.io/group.name: shared, alb.ingress.kubernetes.io/load-balancer-attributes: idle_timeout.timeout_seconds=30}
spec:
  ingressClassName: alb
  rules:
    - http:
        paths:
          - {path: /, backend: {service: {name: ssl-redirect, port: {name: use-annotation}}}}
          - {path: /a, backend: {service: {name: a, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b
  annotations: {alb.ingress.kubernetes.io/group.name: shared}
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: b, port: {number: 8080}}}
`}, []string{"hop alb.yaml#Ingress/default/a proxy aws-alb", "pool Ingress default/a -> a:80 [a.default:80] idle=30s@5:144", "pool Ingress default/b -> b:8080 [b.default:8080] idle=30s@5:144"},
			[]string{"ssl-redirect", "#Ingress/default/b"}},
		{"IngressClass names the controller", []string{"i.yaml", `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: public}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: aws}
spec: {controller: ingress.k8s.aws/alb}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: p}
spec: {ingressClassName: public, defaultBackend: {service: {name: p, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: q}
spec: {ingressClassName: aws, defaultBackend: {service: {name: q, port: {number: 80}}}}
`}, []string{"hop i.yaml#ingress-nginx proxy ingress-nginx", "pool Ingress default/p -> p:80", "hop i.yaml#Ingress/default/q proxy aws-alb"}, nil},
		{"nlb by target type", []string{"lb.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: e\n  annotations: {service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip}\nspec: {type: LoadBalancer, ports: [{port: 80}]}\n"},
			[]string{"hop lb.yaml#LoadBalancer/default/e l4 aws-nlb"}, nil},
		{"port-level connectionPool replaces the rule's", []string{"dr.yaml", `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: r}
spec:
  host: r.example.com
  trafficPolicy:
    connectionPool: {tcp: {connectTimeout: 3s}, http: {idleTimeout: 0s}}
    portLevelSettings:
      - port: {number: 8443}
        connectionPool: {http: {idleTimeout: 20s}}
      - port: {number: 9000}
`}, []string{
			"pool r.example.com:8443 [r.example.com:8443] idle=20s@10:46 reuse=true(default@9) request=none(default@9) connect=10s(default@9)",
			"pool r.example.com:9000 [r.example.com:9000] idle=none@7:69 reuse=true(default@11) request=none(default@11) connect=3s@7:44",
		}, []string{"pool r.example.com ["}},
		{"subset with its own connection pool", []string{"app.yaml", svcYAML, "dr.yaml", `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: app, namespace: shop}
spec:
  host: app
  subsets:
    - name: v1
      labels: {version: v1}
    - name: v2
      labels: {version: v2}
      trafficPolicy:
        connectionPool: {http: {idleTimeout: 30s}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: shop}
spec:
  hosts: [app]
  http:
    - timeout: 7s
      route: [{destination: {host: app, subset: v2}}]
    - timeout: 3s
      route: [{destination: {host: app, subset: v1}}]
`}, []string{
			"pool app [app.shop.svc.cluster.local:80] idle=3600s(default@5) reuse=true(default@5) request=7s@20:16",
			"pool app subset v2 [app.shop.svc.cluster.local:80] idle=30s@12:46 reuse=true(default@11) request=7s@20:16",
		}, []string{"subset v1"}},
		{"virtual service: the longest route timeout wins, 0s is none", []string{"vs.yaml", `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: a}
spec: {host: a.example.com}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b}
spec: {host: b.example.com}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v}
spec:
  http:
    - timeout: 5s
      route: [{destination: {host: a.example.com}}]
    - timeout: 30s
      route: [{destination: {host: a.example.com}}]
    - timeout: 0s
      route: [{destination: {host: b.example.com}}]
`}, []string{"pool a.example.com [a.example.com:0] idle=3600s(default@4) reuse=true(default@4) request=30s@18:16", "pool b.example.com [b.example.com:0] idle=3600s(default@9) reuse=true(default@9) request=none@20:16"}, nil},
		{"undefined alias", []string{"a.yaml", "kind: Service\nmetadata: *m\n"},
			[]string{"diag 0 a.yaml:2:11 YAML alias *m refers to an anchor &m that is not defined before it"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dump(parseAll(tt.files...))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("unexpected %q in\n%s", n, got)
				}
			}
		})
	}
}

// TestMultiDocumentLines: lines count from the start of the stream, not of each document.
func TestMultiDocumentLines(t *testing.T) {
	src := "# leading comment\n---\n" + svcYAML + "---\n" + strings.Replace(svcYAML, "name: app", "name: b", 1)
	got := dump(parseAll("m.yaml", src))
	for _, w := range []string{"hop m.yaml#Service/shop/app", "hop m.yaml#Service/shop/b"} {
		if !strings.Contains(got, w) {
			t.Fatalf("missing %q in\n%s", w, got)
		}
	}
	frags := parseAll("m.yaml", src)
	if line := frags[0].Hops[1].Pos.Line; line != 14 {
		t.Errorf("second Service at line %d, want 14", line)
	}
}

// TestLimits: alias bombs and huge streams end fast with a diagnostic.
func TestLimits(t *testing.T) {
	// Aliases nested eleven deep would expand to 10^11 nodes; only the paths tolint reads
	// are walked, so this ends at once.
	var laughs strings.Builder
	laughs.WriteString("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nx0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n")
	for i := 1; i < 12; i++ {
		laughs.WriteString("x" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [" + strings.Repeat("*a"+strconv.Itoa(i-1)+", ", 9) + "*a" + strconv.Itoa(i-1) + "]\n")
	}
	laughs.WriteString("spec:\n  ports: *a11\n")
	parseAll("laughs.yaml", laughs.String())

	// A walked path that repeats a large anchored list is refused once it passes the budget.
	var fan strings.Builder
	fan.WriteString("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nx: &ports\n")
	for i := range 3000 {
		fan.WriteString("  - {containerPort: " + strconv.Itoa(1+i%60000) + "}\n")
	}
	fan.WriteString("spec:\n  containers:\n")
	for range 100 {
		fan.WriteString("    - ports: *ports\n")
	}
	got := dump(parseAll("fan.yaml", fan.String()))
	if !strings.Contains(got, "YAML aliases here expand to more than 100000 nodes; the rest of the file is not read") {
		t.Errorf("alias fan-out not refused:\n%.2000s", got)
	}

	var many strings.Builder
	for i := range maxDocuments + 5 {
		many.WriteString("---\napiVersion: v1\nkind: Service\nmetadata: {name: s" + strconv.Itoa(i) + "}\nspec: {ports: [{port: 80}]}\n")
	}
	frags := parseAll("many.yaml", many.String())
	if n := len(frags[0].Hops); n != maxDocuments {
		t.Errorf("%d hops, want %d", n, maxDocuments)
	}
	if d := frags[0].Diags; len(d) != 1 || !strings.Contains(d[0].Message, "more than 10000 YAML documents") || d[0].Pos.Line != 5*maxDocuments+1 {
		t.Errorf("diagnostics %v", d)
	}
}

// TestStdin: standard input is a tree file like any other, named <stdin>.
func TestStdin(t *testing.T) {
	dir := t.TempDir()
	tree, err := input.NewTree(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	tree.Hand(stdinName, []byte(deployment+"---\n"+svcYAML))
	frags := ParseFiles(tree, []string{stdinName}, input.Options{})
	if len(frags) != 1 || len(frags[0].Hops) != 1 {
		t.Fatalf("got\n%s", dump(frags))
	}
	h := frags[0].Hops[0]
	if h.ID != "<stdin>#Deployment/shop/app" || !strings.HasSuffix(h.Pos.File, "<stdin>") || h.Pos.Line != 1 {
		t.Errorf("hop %s at %s", h.ID, h.Pos)
	}
	if got := dump(frags); !strings.Contains(got, "app.shop.svc.cluster.local:80") {
		t.Errorf("got\n%s", got)
	}
}

// TestUnreadable: a file that cannot be read is a parse error of that file; the others
// are read.
func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	tree, err := input.NewTree(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	tree.Hand("svc.yaml", []byte(svcYAML))
	got := dump(ParseFiles(tree, []string{"missing.yaml", "svc.yaml"}, input.Options{}))
	for _, w := range []string{"diag 0 missing.yaml:1:1 cannot read the manifest: ", "hop svc.yaml#Service/shop/app"} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
}
