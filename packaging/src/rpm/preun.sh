# $1 = 0 on erase, 1 on upgrade. On erase the agent stops and is disabled: its files are going away.
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
  # keepalived outlives the agent's stop: removing the agent decommissions keepalived on purpose
  /usr/bin/vippair-agent stop-keepalived --config /etc/vippair/agent.yaml || :
  systemctl disable --now vippair-agent.service >/dev/null 2>&1 || :
fi
