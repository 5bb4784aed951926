#!/usr/bin/env bash
# Runs once while the node image is built (docker build RUN): turns a debootstrapped Debian into
# a kind node. Only boot-time units that make sense in a container stay enabled.
set -o errexit -o nounset -o pipefail

# Start from a quiet systemd: no getty, no udev, no timers; then enable what a node runs.
rm -f /lib/systemd/system/multi-user.target.wants/* \
      /etc/systemd/system/*.wants/* \
      /lib/systemd/system/local-fs.target.wants/* \
      /lib/systemd/system/sockets.target.wants/*udev* \
      /lib/systemd/system/sockets.target.wants/*initctl* \
      /lib/systemd/system/basic.target.wants/* \
      /lib/systemd/system/sysinit.target.wants/systemd-tmpfiles-setup.service
systemctl enable containerd.service kubelet.service
systemctl mask systemd-binfmt.service getty.target console-getty.service
# The kernel log belongs to the host.
echo "ReadKMsg=no" >>/etc/systemd/journald.conf

# kind expects the CNI plugins in /opt/cni/bin; Debian installs them in /usr/lib/cni.
mkdir -p /opt/cni/bin /etc/cni/net.d /etc/kubernetes/manifests /kind /var/lib/kubelet
cp -a /usr/lib/cni/. /opt/cni/bin/

chmod 755 /usr/local/bin/kindlab-node-entrypoint
# A smaller image: package lists and docs are not needed on a node.
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/* /usr/share/locale/*
