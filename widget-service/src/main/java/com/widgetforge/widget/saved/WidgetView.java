package com.widgetforge.widget.saved;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A saved widget as {@code /api/widgets} shows it, with its owner's display name and the path its
 * embed code points at.
 */
public record WidgetView(
    UUID id,
    UUID ownerId,
    String ownerName,
    String kind,
    String name,
    Map<String, String> options,
    List<String> allowedSites,
    String path,
    Instant createdAt,
    Instant updatedAt) {

  static WidgetView of(SavedWidget widget, String ownerName) {
    return new WidgetView(
        widget.id,
        widget.ownerId,
        ownerName,
        widget.kind,
        widget.name,
        widget.options,
        widget.allowedSites,
        "/widgets/w/" + widget.id,
        widget.createdAt,
        widget.updatedAt);
  }
}
