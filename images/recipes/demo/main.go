// Command demo is kindlab's workload: a tiny HTTP server the labs deploy, kill, scale and update.
//
//	GET  /            who answered: {"pod","node","version","uptimeSeconds"}
//	GET  /healthz     liveness: 200, or 500 once failing was requested
//	GET  /readyz      readiness: 200, or 503 while warming up or once failing was requested
//	POST /fail/live   make /healthz fail from now on        (POST /heal/live undoes it)
//	POST /fail/ready  make /readyz fail from now on         (POST /heal/ready undoes it)
//	GET  /burn?ms=N   keep one CPU busy for N ms (horizontal scaling)
//	POST /allocate?mb=N  allocate and touch N MiB that stay allocated (vertical scaling)
//	POST /allocate?totalMb=N  the same, up to N MiB held in all
//	GET  /checksum?env=NAME | ?file=PATH   sha256 of a value, never the value itself
//	GET  /resolve?name=HOST   DNS lookup from inside the pod
//	GET  /fetch?url=URL[&host=NAME]   one HTTP GET from inside the pod (Host header NAME), answer relayed
//
//	demo sample --url URL [--host NAME] [--rate 50] [--duration 10m] [--count N] [--timeout 3s]
//	                  the traffic sampler: one JSON line per request on stdout, then exits
//
// Environment: VERSION (overrides the built-in version), POD_NAME, NODE_NAME, PORT (8080),
// STARTUP_DELAY (e.g. "2s": the port opens only after this, like an app loading its model),
// READY_AFTER (readiness fails until then), FAIL_LIVE_AFTER (liveness fails after),
// SHUTDOWN_DELAY (keep serving this long after SIGTERM before closing the listener),
// ALLOCATE_MB (allocate and touch this much memory at start, to meet a memory limit).
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	if len(os.Args) > 1 && os.Args[1] == "sample" {
		if err := runSampler(os.Args[2:], os.Stdout); err != nil {
			log.Fatalf("sample: %v", err)
		}
		return
	}
	s := newServer(serverConfigFromEnv())
	srv := &http.Server{Addr: ":" + envOr("PORT", "8080"), Handler: s.routes(), ReadHeaderTimeout: 5 * time.Second}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		sig := <-stop
		log.Printf("received %s", sig)
		s.shuttingDown.Store(true)
		// Keep accepting while endpoints are updated, if asked to; then finish in-flight requests.
		time.Sleep(s.cfg.shutdownDelay)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	if mb := envInt("ALLOCATE_MB"); mb > 0 {
		log.Printf("allocating %d MiB", mb)
		s.hold(mb)
		log.Printf("holding %d MiB", mb)
	}
	if d := envDuration("STARTUP_DELAY"); d > 0 {
		log.Printf("starting up: the port opens in %s", d)
		time.Sleep(d)
	}
	log.Printf("demo %s listening on %s (pod %s)", s.cfg.version, srv.Addr, s.cfg.pod)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	log.Print("stopped")
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func envInt(name string) int {
	v := os.Getenv(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		log.Fatalf("%s=%q is not a whole number", name, v)
	}
	return n
}

func envDuration(name string) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		log.Fatalf("%s=%q is not a duration (examples: 500ms, 3s): %v", name, v, err)
	}
	return d
}
