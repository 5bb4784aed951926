/*
 * pause: the process that holds a pod's namespaces open (the "sandbox" container).
 * It sleeps until a signal arrives, exits cleanly on SIGINT/SIGTERM, and as PID 1 of the
 * pod reaps any zombie that gets re-parented to it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_terminate(int sig) {
	(void)sig;
	_exit(0);
}

static void on_child(int sig) {
	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0) {
	}
}

int main(int argc, char **argv) {
	if (argc > 1 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--version") == 0)) {
		puts("pause (kindlab)");
		return 0;
	}
	if (getpid() != 1) {
		fprintf(stderr, "warning: pause should be the first process of its pod\n");
	}
	struct sigaction term = {.sa_handler = on_terminate};
	struct sigaction child = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP};
	if (sigaction(SIGINT, &term, NULL) < 0 || sigaction(SIGTERM, &term, NULL) < 0 ||
	    sigaction(SIGCHLD, &child, NULL) < 0) {
		perror("sigaction");
		return 1;
	}
	for (;;) {
		pause();
	}
}
