import QtQml

// The window's views, in tab order; the remembered "ui/view" holds one of these.
QtObject {
    enum View { Quotes, Inventory, Charts, Feeds, Alerts }
}
