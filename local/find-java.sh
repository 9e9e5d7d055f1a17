# Sourced by ./switchboard and .ci/run: exports JAVA_HOME pointing at a JDK >= 21, or exits explaining what to install.
# Order: $JAVA_HOME, the java on PATH, then the usual install locations.
_switchboard_java_ok() {
  local home=$1
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  local v
  v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null
}
_switchboard_find_java() {
  if [ -n "${JAVA_HOME:-}" ] && _switchboard_java_ok "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    local onpath
    onpath=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if _switchboard_java_ok "$onpath"; then echo "$onpath"; return 0; fi
  fi
  local candidate
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/java/* /opt/jdk* \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$candidate" ] && _switchboard_java_ok "$candidate" && { echo "$candidate"; return 0; }
  done
  return 1
}
if ! JAVA_HOME=$(_switchboard_find_java); then
  echo "Switchboard needs a JDK 21 or newer (java and javac). None was found in JAVA_HOME, on the PATH or in" >&2
  echo "/usr/lib/jvm. Install one, for example 'apt-get install openjdk-21-jdk' or Temurin 21 from adoptium.net," >&2
  echo "then set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
