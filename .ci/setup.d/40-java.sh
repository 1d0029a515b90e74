# Java 17 for pyspark in local mode (tests/engines/test_spark.py).
# Sourced by .ci/run as root on a fresh Debian machine; skips the install when a Java 17
# or later is already on the PATH.
if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless
fi
JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
export JAVA_HOME
