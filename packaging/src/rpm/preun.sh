# $1 = 0 on erase, 1 on upgrade. On erase the agent stops and is disabled: its files are going away.
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
  systemctl disable --now vippair-agent.service >/dev/null 2>&1 || :
fi
