package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fields of a newer release of this API that this build does not know. They are kept on read and
 * written back unchanged, so an operator or agent one release older than the installed CRD
 * neither fails on them nor drops them with its own writes (a field another writer set must
 * survive). Every object type of the API extends this class.
 *
 * <p>The CRD generator does not turn this map into schema: the CRD keeps the shape of the
 * declared fields, and the API server still prunes what the installed CRD does not declare.
 */
public abstract class UnknownFields {

  @JsonIgnore
  private final Map<String, Object> fieldsOfANewerRelease = new LinkedHashMap<>();

  /** Fields this build does not know, by JSON name, as read. */
  @JsonAnyGetter
  @JsonIgnore // for the CRD generator, which would list the map as a property; Jackson still writes it
  public Map<String, Object> unknownFields() {
    return fieldsOfANewerRelease;
  }

  @JsonAnySetter
  void unknownField(String name, Object value) {
    fieldsOfANewerRelease.put(name, value);
  }
}
