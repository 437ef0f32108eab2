package kube

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/cmdline"
)

// workload is an object that runs pods: its pod labels, container ports and sysctls.
type workload struct {
	o      *object
	labels map[string]string
	ports  []containerPort
	// podSpec is the pod template's spec (the Pod's own spec for a Pod).
	podSpec *yaml.Node
	// controller is set for an ingress-nginx controller, whose hop is the ingress-nginx
	// proxy; configMap is the "<ns>/<name>" of its --configmap argument.
	controller bool
	configMap  string
	// addrs are where its pods answer: container ports and selecting Services' names.
	addrs []graph.Address
	// services are the files of the Services selecting it.
	services []*file
	// server is the app server (gunicorn, uvicorn, hypercorn) its first such container runs.
	server *cmdline.Server
}

type containerPort struct {
	name string
	port int
	pos  graph.Pos
}

// isWorkload reports whether an object runs pods from a template.
func isWorkload(o *object) bool {
	switch o.kind {
	case "Pod", "ReplicationController":
		return o.group == ""
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet":
		return o.group == "apps" || o.group == "extensions"
	case "Job", "CronJob":
		return o.group == "batch"
	}
	return false
}

func (p *parser) workload(o *object) *workload {
	f := o.f
	w := &workload{o: o, labels: map[string]string{}}
	var meta *yaml.Node
	switch o.kind {
	case "Pod":
		meta, w.podSpec = f.get(o.node, "metadata"), f.get(o.node, "spec")
	case "CronJob":
		tmpl := f.path(o.node, "spec", "jobTemplate", "spec", "template")
		meta, w.podSpec = f.get(tmpl, "metadata"), f.get(tmpl, "spec")
	default:
		tmpl := f.path(o.node, "spec", "template")
		meta, w.podSpec = f.get(tmpl, "metadata"), f.get(tmpl, "spec")
	}
	for _, e := range f.entries(f.get(meta, "labels")) {
		w.labels[e.key.Value] = str(e.value)
	}
	for _, c := range f.items(f.get(w.podSpec, "containers")) {
		w.controllerArgs(c)
		if w.server == nil {
			w.server = appServer(f, c)
		}
		for _, pn := range f.items(f.get(c, "ports")) {
			proto := str(f.get(pn, "protocol"))
			num, ok := port(f.get(pn, "containerPort"))
			if !ok || proto != "" && proto != "TCP" {
				continue
			}
			w.ports = append(w.ports, containerPort{name: str(f.get(pn, "name")), port: num, pos: f.pos(pn)})
		}
	}
	return w
}

// controllerArgs recognises the ingress-nginx controller by its command line
// (/nginx-ingress-controller) and reads the ConfigMap it is told to use.
func (w *workload) controllerArgs(c *yaml.Node) {
	f := w.o.f
	for _, list := range []string{"command", "args"} {
		for _, a := range f.items(f.get(c, list)) {
			arg := str(a)
			if strings.HasSuffix(arg, "/nginx-ingress-controller") || arg == "nginx-ingress-controller" {
				w.controller = true
			}
			if ref, ok := strings.CutPrefix(arg, "--configmap="); ok {
				ns, name, found := strings.Cut(ref, "/")
				if !found {
					ns, name = "", ref
				}
				if ns == "" || ns == "$(POD_NAMESPACE)" {
					ns = w.o.ns
				}
				w.configMap = ns + "/" + name
			}
		}
	}
}

// appServer finds the app server a container runs: its command and args (args alone
// follow the image's entrypoint, which the scan cannot see, so they are searched as they
// are), with $(NAME) references and sh -c scripts resolved through the container's env.
func appServer(f *file, c *yaml.Node) *cmdline.Server {
	env := cmdline.Env{}
	for _, e := range f.items(f.get(c, "env")) {
		name, vn := str(f.get(e, "name")), f.get(e, "value")
		if _, ok := f.scalar(vn); ok && name != "" {
			env[name] = &cmdline.Var{Name: name, Value: cmdline.YAMLWord(f.src, vn), From: "env", Pos: f.pos(f.get(e, "name"))}
		}
	}
	var words []cmdline.Word
	for _, list := range []string{"command", "args"} {
		for _, a := range f.items(f.get(c, list)) {
			if _, ok := f.scalar(a); ok {
				words = append(words, cmdline.ExpandParens(cmdline.YAMLWord(f.src, a), env))
			}
		}
	}
	return cmdline.Find(words, env)
}

// selects reports whether Service s sends traffic to workload w: same namespace, and a
// non-empty selector whose every label the pods carry.
func (s *service) selects(w *workload) bool {
	if len(s.selector) == 0 || s.o.ns != w.o.ns {
		return false
	}
	for k, v := range s.selector {
		if got, ok := w.labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// workloads makes a server hop per workload, answering on its container ports and on the
// names and ports of every Service that selects it, and a hop per Service that selects no
// workload of the scan, so links to it still resolve.
func (p *parser) workloads(m *model) {
	inNS := map[string][]*service{}
	for _, s := range m.services {
		inNS[s.o.ns] = append(inNS[s.o.ns], s)
	}
	for _, w := range m.workloads {
		o := w.o
		for _, cp := range w.ports {
			w.addrs = append(w.addrs, graph.Address{Port: cp.port, Pos: cp.pos, Raw: strconv.Itoa(cp.port)})
		}
		for _, s := range inNS[o.ns] {
			if !s.selects(w) {
				continue
			}
			s.selected = true
			w.addrs = append(w.addrs, s.addrs()...)
			w.services = append(w.services, s.o.f)
			p.checkTargetPorts(s, w)
		}
		if w.controller {
			continue // its hop is made with the Ingresses it serves
		}
		h := &graph.Hop{ID: o.id(o.kind), Kind: graph.Server, Pos: o.pos}
		p.addHop(o.f, h)
		l := &graph.Listener{Hop: h, Name: "pod", Pos: o.pos}
		if srv := w.server; srv != nil {
			// The pod answers where Kubernetes sends traffic (its ports and Services); the
			// server's own bind is not needed for that.
			l.Name, l.Pos = srv.Software, srv.Pos
			srv.Listen(h, l, false)
			o.f.diags = append(o.f.diags, srv.Diags...)
		}
		answer(h, w, l)
	}
	for _, s := range m.services {
		if s.selected || len(s.ports) == 0 {
			continue
		}
		o := s.o
		h := &graph.Hop{ID: o.id("Service"), Kind: graph.Server, Pos: o.pos}
		h.Listeners = []*graph.Listener{{Hop: h, Name: "service", Pos: o.pos, Addrs: s.addrs()}}
		p.addHop(o.f, h)
	}
}

// answer makes hop h answer where workload w's pods do, on listener l, and gives it the
// pods' kernel settings.
func answer(h *graph.Hop, w *workload, l *graph.Listener) {
	if len(w.addrs) > 0 {
		l.Addrs = append(l.Addrs, w.addrs...)
		if !slices.Contains(h.Listeners, l) {
			h.Listeners = append(h.Listeners, l)
		}
	}
	uses(h, w.o.f)
	for _, sf := range w.services {
		uses(h, sf)
	}
	sysctls(w, h)
}

// checkTargetPorts reports a Service port whose named targetPort no container of a
// workload it selects declares: the traffic would go nowhere.
func (p *parser) checkTargetPorts(s *service, w *workload) {
	f := s.o.f
	for _, sp := range s.ports {
		name := str(sp.targetPort)
		if name == "" || isDigits(name) {
			continue
		}
		found := false
		for _, cp := range w.ports {
			found = found || cp.name == name
		}
		if !found {
			f.diags = append(f.diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: f.pos(sp.targetPort),
				Message: "targetPort " + name + " names no container port of " + w.o.kind + " " + w.o.ref()})
		}
	}
}

// sysctls reads the pod's kernel TCP settings (spec.securityContext.sysctls).
func sysctls(w *workload, h *graph.Hop) {
	f := w.o.f
	for _, sc := range f.items(f.path(w.podSpec, "securityContext", "sysctls")) {
		name := str(f.get(sc, "name"))
		vn := f.get(sc, "value")
		v, ok := f.scalar(vn)
		if !ok {
			continue
		}
		switch name {
		case "net.ipv4.tcp_keepalive_time":
			if d, ok := f.duration(v, name, secondsSyntax); ok {
				h.TCP.KeepaliveTime = d
			}
		case "net.ipv4.tcp_timestamps":
			if n, ok := f.sysctlInt(v, name); ok {
				h.TCP.Timestamps = graph.Setting[bool]{Value: n != 0, Origin: graph.Explicit, Pos: v.pos, Key: name, Raw: v.text}
			}
		case "net.ipv4.tcp_tw_reuse":
			if n, ok := f.sysctlInt(v, name); ok {
				h.TCP.TWReuse = graph.Setting[int]{Value: n, Origin: graph.Explicit, Pos: v.pos, Key: name, Raw: v.text}
			}
		case "net.ipv4.tcp_tw_recycle":
			if n, ok := f.sysctlInt(v, name); ok {
				h.TCP.TWRecycle = graph.Setting[bool]{Value: n != 0, Origin: graph.Explicit, Pos: v.pos, Key: name, Raw: v.text}
			}
		}
	}
}

func (f *file) sysctlInt(v value, name string) (int, bool) {
	n, err := strconv.Atoi(v.text)
	if err != nil || n < 0 {
		f.errorAt(v.pos, name+": "+strconv.Quote(v.text)+" is not a non-negative integer")
		return 0, false
	}
	return n, true
}
