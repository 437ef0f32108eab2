package kube

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// Annotations and ConfigMap keys of ingress-nginx and of the AWS Load Balancer Controller.
const (
	nginxAnn          = "nginx.ingress.kubernetes.io/"
	albAttributes     = "alb.ingress.kubernetes.io/load-balancer-attributes"
	albListenPorts    = "alb.ingress.kubernetes.io/listen-ports"
	albGroup          = "alb.ingress.kubernetes.io/group.name"
	albIdleAttribute  = "idle_timeout.timeout_seconds"
	ingressClassAnn   = "kubernetes.io/ingress.class"
	nginxController   = "k8s.io/ingress-nginx"
	albController     = "ingress.k8s.aws/alb"
	ingressNginxSoft  = "ingress-nginx"
	albSoftware       = "aws-alb"
	nginxSharedObject = "ingress-nginx"
)

// nginxKeys are ConfigMap keys that only an ingress-nginx controller's ConfigMap holds.
var nginxKeys = map[string]bool{
	"keep-alive": true, "keep-alive-requests": true, "upstream-keepalive-timeout": true,
	"upstream-keepalive-connections": true, "upstream-keepalive-requests": true,
	"proxy-read-timeout": true, "proxy-send-timeout": true, "proxy-connect-timeout": true,
	"client-header-timeout": true, "client-body-timeout": true, "use-forwarded-headers": true,
	"allow-snippet-annotations": true, "proxy-body-size": true, "ssl-redirect": true,
	"enable-underscores-in-headers": true, "use-proxy-protocol": true, "worker-processes": true,
}

// isNginxConfigMap reports whether a ConfigMap configures an ingress-nginx controller: it
// has the controller's usual name, or a key only that controller reads.
func isNginxConfigMap(o *object) bool {
	if o.kind != "ConfigMap" || o.group != "" {
		return false
	}
	switch o.name {
	case "ingress-nginx-controller", "nginx-configuration", "nginx-ingress-controller", "ingress-nginx":
		return true
	}
	for _, e := range o.f.entries(o.f.get(o.node, "data")) {
		if nginxKeys[e.key.Value] {
			return true
		}
	}
	return false
}

// backend is one Service an Ingress sends requests to, with the rule paths that do.
type backend struct {
	svc     string
	port    *yaml.Node // number or name
	node    *yaml.Node // the backend, for positions
	paths   []graph.Pos
	resolve *service
}

// ingress is an Ingress with its class, hosts and backends.
type ingress struct {
	o        *object
	class    string
	hosts    []string
	backends []*backend
}

// ingresses makes the hops of the ingress controllers: one ingress-nginx proxy per
// controller ConfigMap (or one with the defaults when the scan has none), and one ALB per
// Ingress (or Ingress group) of the AWS Load Balancer Controller.
func (p *parser) ingresses(m *model) {
	classes := map[string]string{}
	var controllers []*object
	var list []*ingress
	for _, o := range p.objects {
		switch {
		case o.kind == "IngressClass" && o.group == "networking.k8s.io":
			classes[o.name] = str(o.f.path(o.node, "spec", "controller"))
		case isNginxConfigMap(o):
			controllers = append(controllers, o)
		case o.kind == "Ingress" && (o.group == "networking.k8s.io" || o.group == "extensions"):
			list = append(list, p.ingress(o, m))
		}
	}
	var nginx []*ingress
	albs := map[string][]*ingress{}
	var albOrder []string
	for _, in := range list {
		controller := classes[in.class]
		switch {
		case in.class == "alb" || controller == albController:
			group := in.o.ns + "/" + in.o.name
			if g := str(in.o.ann(albGroup)); g != "" {
				group = "group " + g
			}
			if albs[group] == nil {
				albOrder = append(albOrder, group)
			}
			albs[group] = append(albs[group], in)
		case in.class == "" || in.class == "nginx" || controller == nginxController:
			nginx = append(nginx, in)
		}
	}
	p.nginxHops(controllers, nginx, m.workloads)
	for _, g := range albOrder {
		p.albHop(albs[g])
	}
}

func (p *parser) ingress(o *object, m *model) *ingress {
	f := o.f
	spec := f.get(o.node, "spec")
	in := &ingress{o: o, class: str(f.get(spec, "ingressClassName"))}
	if c := str(o.ann(ingressClassAnn)); c != "" && in.class == "" {
		in.class = c
	}
	byKey := map[string]*backend{}
	add := func(b *yaml.Node, at *yaml.Node) {
		svc := f.get(b, "service")
		name, portNode := str(f.get(svc, "name")), f.get(svc, "port")
		if num := f.get(portNode, "number"); num != nil {
			portNode = num
		} else if pn := f.get(portNode, "name"); pn != nil {
			portNode = pn
		}
		if svc == nil { // extensions/v1beta1
			name, portNode = str(f.get(b, "serviceName")), f.get(b, "servicePort")
		}
		// "use-annotation" names an action of the AWS Load Balancer Controller (a redirect,
		// a fixed response), not a Service port.
		if name == "" || portNode == nil || str(portNode) == "use-annotation" {
			return
		}
		key := name + ":" + str(portNode)
		bk := byKey[key]
		if bk == nil {
			bk = &backend{svc: name, port: portNode, node: b, resolve: m.byName[o.ns+"/"+name]}
			byKey[key] = bk
			in.backends = append(in.backends, bk)
		}
		bk.paths = append(bk.paths, f.pos(at))
	}
	if b := f.get(spec, "defaultBackend"); b != nil {
		add(b, b)
	} else if b := f.get(spec, "backend"); b != nil {
		add(b, b)
	}
	for _, rule := range f.items(f.get(spec, "rules")) {
		if h := str(f.get(rule, "host")); h != "" {
			in.hosts = append(in.hosts, strings.ToLower(h))
		}
		for _, path := range f.items(f.path(rule, "http", "paths")) {
			at := f.get(path, "path")
			if at == nil {
				at = path
			}
			add(f.get(path, "backend"), at)
		}
	}
	return in
}

// target is the address a controller connects to for a backend: the Service's name in
// its namespace on the Service port (unknown port when a port name does not resolve).
func (b *backend) target(f *file, ns string) graph.Address {
	num, ok := port(b.port)
	if !ok && b.resolve != nil {
		num, _ = b.resolve.portByName(b.port)
	}
	host := strings.ToLower(b.svc + "." + ns)
	return graph.Address{Host: host, Port: num, Pos: f.pos(b.port), Raw: host + ":" + str(b.port)}
}

// nginxHops makes one ingress-nginx hop per controller ConfigMap, and one per controller
// workload whose ConfigMap is not in the scan; a controller workload answers on its
// ConfigMap's hop. Without either, one hop with the defaults stands for the controller.
// Every nginx Ingress is routed by each of them, since which controller watches which
// Ingress is in the controller's flags, not in these objects.
func (p *parser) nginxHops(configMaps []*object, list []*ingress, workloads []*workload) {
	byRef := map[string]*graph.Listener{}
	var listeners []*graph.Listener
	for _, cm := range configMaps {
		l := p.nginxHop(cm, cm.f, cm.id("ConfigMap"), cm.pos, list)
		byRef[cm.ref()] = l
		listeners = append(listeners, l)
	}
	for _, w := range workloads {
		if !w.controller {
			continue
		}
		l := byRef[w.configMap]
		if l == nil {
			l = p.nginxHop(nil, w.o.f, w.o.id(w.o.kind), w.o.pos, list)
			listeners = append(listeners, l)
		}
		answer(l.Hop, w, l)
	}
	if len(listeners) == 0 && len(list) > 0 {
		first := list[0].o
		listeners = append(listeners, p.nginxHop(nil, first.f, first.f.rel+"#"+nginxSharedObject, first.pos, list))
	}
	for _, l := range listeners {
		if len(l.Addrs) == 0 {
			// Where the controller's pods listen is not in the scan: its usual ports.
			l.Addrs = []graph.Address{{Port: 80, Pos: l.Pos, Raw: "80"}, {Port: 443, Pos: l.Pos, Raw: "443"}}
		}
	}
}

func (p *parser) nginxHop(cm *object, f *file, id string, at graph.Pos, list []*ingress) *graph.Listener {
	h := &graph.Hop{ID: id, Kind: graph.Proxy, Software: ingressNginxSoft, Pos: at}
	p.addHop(f, h)
	var data *yaml.Node
	if cm != nil {
		data = cm.f.get(cm.node, "data")
	}
	key := func(name string, syn graph.Syntax) graph.DurationSetting {
		if cm == nil {
			return graph.DurationSetting{}
		}
		s, _ := cm.f.nodeDuration(cm.f.get(data, name), name, syn)
		return s
	}
	l := &graph.Listener{Hop: h, Name: "http", Pos: at}
	l.Idle = orDefault(key("keep-alive", secondsSyntax), ingressNginxSoft, graph.ListenerIdle, at)
	l.Request = orDefault(key("client-header-timeout", secondsSyntax), ingressNginxSoft, graph.ListenerRequest, at)
	h.Listeners = []*graph.Listener{l}
	idle := key("upstream-keepalive-timeout", secondsSyntax)
	read := key("proxy-read-timeout", secondsSyntax)
	connect := key("proxy-connect-timeout", secondsSyntax)
	var reuse graph.Setting[bool]
	if cm != nil {
		if v, ok := cm.f.scalar(cm.f.get(data, "upstream-keepalive-connections")); ok {
			n, err := strconv.Atoi(v.text)
			if err != nil || n < 0 {
				cm.f.errorAt(v.pos, "upstream-keepalive-connections: "+strconv.Quote(v.text)+" is not a non-negative integer")
			} else {
				reuse = graph.Setting[bool]{Value: n > 0, Origin: graph.Explicit, Pos: v.pos, Key: "upstream-keepalive-connections", Raw: v.text}
			}
		}
	}
	for _, in := range list {
		o := in.o
		if cm != nil {
			uses(h, o.f)
		}
		l.Names = appendNew(l.Names, in.hosts...)
		annRead, _ := o.f.nodeDuration(o.ann(nginxAnn+"proxy-read-timeout"), nginxAnn+"proxy-read-timeout", secondsSyntax)
		annConnect, _ := o.f.nodeDuration(o.ann(nginxAnn+"proxy-connect-timeout"), nginxAnn+"proxy-connect-timeout", secondsSyntax)
		for _, b := range in.backends {
			pos := o.f.pos(b.node)
			pool := &graph.Pool{Hop: h, Name: "Ingress " + o.ref() + " -> " + b.svc + ":" + str(b.port), Pos: pos,
				Targets: []graph.Address{b.target(o.f, o.ns)}}
			pool.Idle = orDefault(idle, ingressNginxSoft, graph.PoolIdle, pos)
			pool.Reuse = reuse
			if !pool.Reuse.Known() {
				pool.Reuse = defaultBool(ingressNginxSoft, graph.PoolReuse, pos)
			}
			pool.Request = orDefault(first(annRead, read), ingressNginxSoft, graph.PoolRequest, pos)
			pool.RequestKind = graph.PerRead
			pool.Connect = orDefault(first(annConnect, connect), ingressNginxSoft, graph.PoolConnect, pos)
			nextUpstream(pool, o, cm, data)
			h.Pools = append(h.Pools, pool)
			for _, at := range b.paths {
				h.Routes = append(h.Routes, &graph.Route{From: l, To: pool, Pos: at, Hosts: in.hosts})
			}
		}
	}
	return l
}

// nextUpstream reads ingress-nginx's retries: proxy-next-upstream, -tries and -timeout
// from the Ingress's annotations, else the ConfigMap. As for nginx, only tries written
// down count: the controller's default of 3 tries spreads over the endpoints it has.
func nextUpstream(pool *graph.Pool, o *object, cm *object, data *yaml.Node) {
	lookup := func(name string) (*file, *yaml.Node) {
		if n := o.ann(nginxAnn + name); n != nil {
			return o.f, n
		}
		if cm != nil {
			if n := cm.f.get(data, name); n != nil {
				return cm.f, n
			}
		}
		return nil, nil
	}
	pool.RetryOnTimeout = defaultBool(ingressNginxSoft, graph.PoolRetryOnTimeout, pool.Pos)
	if f, n := lookup("proxy-next-upstream"); f != nil {
		if v, ok := f.scalar(n); ok {
			conds := strings.Fields(v.text)
			off := slices.Contains(conds, "off")
			pool.RetryOnTimeout = graph.Setting[bool]{Value: slices.Contains(conds, "timeout") && !off, Origin: graph.Explicit, Pos: v.pos, Key: "proxy-next-upstream", Raw: v.text}
			if slices.Contains(conds, "non_idempotent") && !off {
				pool.RetryNonIdempotent = graph.NewRare(graph.Setting[bool]{Value: true, Origin: graph.Explicit, Pos: v.pos, Key: "proxy-next-upstream", Raw: v.text,
					Note: "proxy-next-upstream " + v.text + " passes POST, LOCK and PATCH requests to the next endpoint too"})
			}
		}
	}
	if f, n := lookup("proxy-next-upstream-tries"); f != nil {
		if v, ok := f.scalar(n); ok {
			tries, err := strconv.Atoi(v.text)
			switch {
			case err != nil || tries < 0:
				f.errorAt(v.pos, "proxy-next-upstream-tries: "+strconv.Quote(v.text)+" is not a non-negative integer")
			case tries > 0:
				pool.Retries = graph.Setting[int]{Value: tries - 1, Origin: graph.Explicit, Pos: v.pos, Key: "proxy-next-upstream-tries", Raw: v.text}
			}
		}
	}
	if f, n := lookup("proxy-next-upstream-timeout"); f != nil {
		if s, ok := f.nodeDuration(n, "proxy-next-upstream-timeout", secondsSyntax); ok && !s.Value.None && s.Value.D > 0 {
			pool.RetryWindow = graph.NewRare(s)
		}
	}
}

// albHop makes the ALB of one Ingress or Ingress group.
func (p *parser) albHop(group []*ingress) {
	main := group[0].o
	h := &graph.Hop{ID: main.id("Ingress"), Kind: graph.Proxy, Software: albSoftware, Pos: main.pos}
	p.addHop(main.f, h)
	var idle graph.DurationSetting
	var ports []int
	for _, in := range group {
		o := in.o
		uses(h, o.f)
		if v, ok := o.f.attribute(o.ann(albAttributes), albIdleAttribute); ok && !idle.Known() {
			idle, _ = o.f.duration(v, albAttributes+": "+albIdleAttribute, secondsSyntax)
		}
		ports = appendNew(ports, listenPorts(str(o.ann(albListenPorts)))...)
	}
	if len(ports) == 0 {
		ports = []int{80}
	}
	l := &graph.Listener{Hop: h, Name: "listener", Pos: main.pos}
	for _, pt := range ports {
		l.Addrs = append(l.Addrs, graph.Address{Port: pt, Pos: main.pos, Raw: strconv.Itoa(pt)})
	}
	l.Idle = orDefault(idle, albSoftware, graph.ListenerIdle, main.pos)
	h.Listeners = []*graph.Listener{l}
	for _, in := range group {
		o := in.o
		l.Names = appendNew(l.Names, in.hosts...)
		for _, b := range in.backends {
			pos := o.f.pos(b.node)
			pool := &graph.Pool{Hop: h, Name: "Ingress " + o.ref() + " -> " + b.svc + ":" + str(b.port), Pos: pos,
				Targets: []graph.Address{b.target(o.f, o.ns)}}
			// An ALB applies its one idle timeout to target connections too, and answers 504
			// when a target is silent that long.
			pool.Idle = orDefault(idle, albSoftware, graph.PoolIdle, pos)
			pool.Request = orDefault(idle, albSoftware, graph.PoolRequest, pos)
			pool.RequestKind = graph.PerRead
			pool.Reuse = defaultBool(albSoftware, graph.PoolReuse, pos)
			pool.Connect = defaultDuration(albSoftware, graph.PoolConnect, pos)
			h.Pools = append(h.Pools, pool)
			for _, at := range b.paths {
				h.Routes = append(h.Routes, &graph.Route{From: l, To: pool, Pos: at, Hosts: in.hosts})
			}
		}
	}
}

// listenPorts reads the ports of alb.ingress.kubernetes.io/listen-ports
// ('[{"HTTP": 80}, {"HTTPS": 443}]'): every number in it.
func listenPorts(s string) []int {
	var out []int
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if n, err := strconv.Atoi(s[i:j]); err == nil && n >= 1 && n <= 65535 {
			out = appendNew(out, n)
		}
		i = j
	}
	return out
}

// first returns the first known setting.
func first(settings ...graph.DurationSetting) graph.DurationSetting {
	for _, s := range settings {
		if s.Known() {
			return s
		}
	}
	return graph.DurationSetting{}
}

// appendNew appends the values not yet in s.
func appendNew[T comparable](s []T, values ...T) []T {
	for _, v := range values {
		found := false
		for _, x := range s {
			found = found || x == v
		}
		if !found {
			s = append(s, v)
		}
	}
	return s
}
