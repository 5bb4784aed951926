// Command registry is kindlab's image registry for a class: an OCI distribution registry (the one of
// github.com/google/go-containerregistry/pkg/registry), in memory, listening on every address of its
// container, so that `kindlab images push` reaches it through a port of 127.0.0.1 and the nodes of a
// kind cluster reach it on the kind network. It keeps what it is given until it stops.
package main

import (
	"flag"
	"log"
	"net/http"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
)

func main() {
	addr := flag.String("listen", ":5000", "address to listen on")
	flag.Parse()
	server := &http.Server{
		Addr:              *addr,
		Handler:           registry.New(registry.Logger(log.New(log.Writer(), "registry: ", log.LstdFlags))),
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Printf("kindlab registry listening on %s", *addr)
	log.Fatal(server.ListenAndServe())
}
