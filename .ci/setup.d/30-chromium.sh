# Headless Chromium for the dashboard tests (tests/report/test_dashboard_browser.py).
# Sourced by .ci/run as root on a fresh Debian machine.
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core
LEADQUAL_CHROMIUM="$(command -v chromium)"
export LEADQUAL_CHROMIUM
