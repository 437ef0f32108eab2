// Package kube reads Kubernetes manifests (multi-document YAML or JSON, also `helm
// template` output on standard input) into hops. All manifests of a scan are read together,
// because objects refer to each other across files; each hop lives in the fragment of the
// file that defines it and lists the other files that shaped it.
//
// The model, kept as simple as the objects allow:
//
//   - A workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
//     Pod, Job, CronJob) is a server hop "<file>#<Kind>/<namespace>/<name>". Its listener
//     answers on the containers' ports and, for each Service selecting its pod labels in its
//     namespace, on the Service names svc, svc.ns, svc.ns.svc and svc.ns.svc.cluster.local
//     at the Service port (the port clients dial). Its idle timeout is unknown: the topology
//     file declares it (config: k8s/app.yaml#Deployment/default/app). Pod sysctls
//     (net.ipv4.tcp_keepalive_time, tcp_timestamps, tcp_tw_reuse, tcp_tw_recycle) are its TCP
//     settings.
//   - A Service that selects no workload of the scan is a server hop
//     "<file>#Service/<ns>/<name>" answering to those names, so links to it resolve.
//   - A LoadBalancer Service with AWS or Azure annotations gets its load balancer in front,
//     "<file>#LoadBalancer/<ns>/<name>": an NLB or an Azure load balancer is an l4 hop, a
//     Classic ELB (the in-tree default on AWS) a proxy; one listener and one pool per
//     Service port, the pool targeting the Service's names.
//   - The ingress-nginx controller is a proxy hop per controller ConfigMap
//     ("<file>#ConfigMap/<ns>/<name>"), or per controller Deployment whose ConfigMap is not
//     in the scan, or else one "<file>#ingress-nginx" with the defaults. Its controller
//     Deployment (recognised by /nginx-ingress-controller) answers on that hop. Every nginx
//     Ingress (class nginx, or none) adds a pool per backend Service port and a route per
//     rule path; ConfigMap keys and Ingress annotations give the timeouts.
//   - An Ingress of the AWS Load Balancer Controller (class alb) is an ALB proxy hop
//     "<file>#Ingress/<ns>/<name>" (one per alb.ingress.kubernetes.io/group.name), with
//     pools to the backend Services.
//   - An Istio DestinationRule is a proxy hop "<file>#DestinationRule/<ns>/<name>" that
//     stands for the sidecars of the mesh clients calling its host: a pool targeting the
//     host's Service ports (a pool of its own per portLevelSettings port), with the
//     connection pool settings; a subset with its own connectionPool is a pool of its own.
//     A VirtualService's route timeout becomes the request timeout of the DestinationRule
//     pools its destinations reach (the longest, when several routes reach one pool); its
//     retries are only checked.
//   - A GKE BackendConfig's timeoutSec is checked, not modelled: the Google load balancer's
//     hop comes from Terraform.
//
// An object defined twice in a scan (the same kind, namespace and name) gets "@<line>"
// added to the id of its second hop. A hop that takes settings from other files (a
// workload's Services, an ingress-nginx hop's Ingresses) lists them in its Files after its
// own file; the fragment's Files name only the file itself, since the loader reads further
// fragment files as includes.
//
// Everything else is ignored. Durations keep each product's unit: ingress-nginx and AWS
// values are bare seconds, Azure's idle timeout bare minutes, Istio's Go-like durations
// ("1h", "500ms"; 0s turns a timeout off). YAML aliases may expand to at most 100,000 nodes per file and a file may
// hold at most 10,000 documents.
package kube
