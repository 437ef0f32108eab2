// Package terraform reads the load balancers a Terraform configuration declares (AWS ALB,
// NLB and Classic ELB, Google's HTTP(S) load balancer, Azure Load Balancer and Application
// Gateway) into hops. Each directory is one module: its .tf and .tf.json files are read
// together, attribute expressions are evaluated against variable defaults, tfvars files,
// locals and Terraform's pure functions, and local modules are expanded with their inputs.
// What Terraform only knows at apply time (computed attributes, data sources) stays unknown.
package terraform
