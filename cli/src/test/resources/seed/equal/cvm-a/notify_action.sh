#!/bin/bash
# notify script, as in the seed how-to (own test copy)
case "$1" in
  MASTER) echo -n "$1" > /var/keepalived/state; python /etc/keepalived/vip.py migrate & ;;
  *) echo -n "$1" > /var/keepalived/state ;;
esac
