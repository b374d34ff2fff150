Feature: Clock skew between the pair
  Kea HA compares the partners' clocks on every heartbeat and stops (state
  terminated) when they differ by more than Kea's limit of 60 seconds: the
  nodes then no longer synchronise leases. The site's NTP keeps the pair's
  clocks together; this is what an operator sees when one clock runs away
  anyway, and how the pair comes back once it is set right.

  Scenario: A node's clock runs past Kea HA's limit, then is set right
    Given a client on the site's first segment asks the pair for names continuously
    When the standby's clock runs ahead of the primary's by more than Kea HA allows
    Then Kea HA reports terminated on both nodes: leases are no longer synchronised
    And chrony on the standby reports its clock ahead of true time by the skew
    When the standby's clock is set right and the pair restored
    Then Kea HA is back in hot-standby on both nodes
    And no DNS query went unanswered while the clocks disagreed
