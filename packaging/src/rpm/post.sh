# $1 = 1 on first install, 2 and more on upgrade. Neither enables nor starts the agent, and leaves
# keepalived alone: the operator of the VM decides when the agent takes over (docs/install.md).
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || :
fi
if [ -d /var/cache/vippair ]; then
  # the launcher's class archive for the new jar, so that the service's first start maps it
  # (docs/agent.md, "Start-up"); a running agent keeps its own. If it fails the first run records it.
  VIPPAIR_CDS_DIR=/var/cache/vippair /usr/bin/vippair-agent record-class-archive >/dev/null 2>&1 \
    || echo "vippair-agent: no class archive recorded now (see: VIPPAIR_CDS_DIR=/var/cache/vippair vippair-agent record-class-archive); the first run records it"
fi
if [ "$1" -eq 1 ]; then
  echo "vippair-agent installed. Set member in /etc/vippair/agent.yaml, put the agent's kubeconfig in"
  echo "/etc/vippair/kubeconfig, then: systemctl enable --now vippair-agent"
  echo "(the agent runs keepalived itself: keepalived.service stops when the agent starts)."
else
  echo "vippair-agent upgraded; a running agent keeps the old version until: systemctl restart vippair-agent"
fi
